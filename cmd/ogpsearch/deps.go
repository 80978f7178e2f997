package main
import (
 _ "github.com/PuerkitoBio/goquery"
 _ "golang.org/x/net/html/charset"
 _ "golang.org/x/text/unicode/norm"
 _ "golang.org/x/time/rate"
 _ "github.com/temoto/robotstxt"
 _ "github.com/saintfish/chardet"
 _ "github.com/gorilla/mux"
)
func main(){}
