module github.com/ogpsearch/ogpsearch

go 1.26.8

require (
	github.com/PuerkitoBio/goquery v1.13.0
	github.com/gorilla/mux v1.8.1
	github.com/saintfish/chardet v0.0.0-20230101081208-5e3ef4b5456d
	github.com/temoto/robotstxt v1.1.2
	golang.org/x/net v0.62.0
	golang.org/x/text v0.44.0
	golang.org/x/time v0.16.0
)

require github.com/andybalholm/cascadia v1.3.4 // indirect
