package main

import (
	"fmt"
	"os"

	"github.com/ogpsearch/ogpsearch/internal/sample"
)

func main() {
	s, err := sample.Load()
	if err != nil {
		fmt.Println("load error:", err)
		os.Exit(1)
	}
	members := map[string]int{}
	langs := map[string]int{}
	for _, c := range s.Commitments {
		members[c.Member]++
		for _, l := range c.Languages() {
			langs[l]++
		}
	}
	for _, m := range s.Members() {
		fmt.Println(m, members[m])
	}
	fmt.Println("pages:", langs)
}
