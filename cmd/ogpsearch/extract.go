package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"

	"github.com/ogpsearch/ogpsearch/scraper"
	"github.com/ogpsearch/ogpsearch/scraper/extract"
	"github.com/ogpsearch/ogpsearch/scraper/sitemodel"
)

func runExtract(ctx context.Context, e env, args []string) (err error) {
	fs := newFlagSet(e, "extract [--url URL] FILE…",
		"Parses saved commitment pages and prints one record per page as JSON Lines on stdout.\n"+
			"The page's encoding is detected (header-less files: BOM, <meta>, then a detector).",
		"  ogpsearch extract --url https://www.opengovpartnership.org/fr/members/south-korea/commitments/KR0018/ KR0018.fr.html")
	pageURL := fs.String("url", "", "the page's address, when the file's canonical link does not give it (one FILE only)")
	modelPath := fs.String("site-model", "", "a site model JSON file replacing the built-in one")
	if err := parseCommand(fs, args, nil, anyArgs); err != nil {
		return err
	}
	files := fs.Args()
	if len(files) == 0 {
		return usageError{"no FILE given"}
	}
	if *pageURL != "" && len(files) > 1 {
		return usageError{"--url applies to one FILE only"}
	}
	model, err := sitemodel.Load(*modelPath)
	if err != nil {
		return err
	}
	out := bufio.NewWriter(e.stdout)
	defer func() {
		if ferr := out.Flush(); err == nil {
			err = ferr
		}
	}()
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	failed := 0
	for _, f := range files {
		if err := ctx.Err(); err != nil {
			return err
		}
		rec, err := extractFile(f, *pageURL, model)
		if err != nil && len(files) == 1 {
			return fmt.Errorf("%s: %w", f, err)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "ogpsearch extract: %s: %s\n", f, oneLine(err.Error()))
			failed++
			continue
		}
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	if failed > 0 {
		return fmt.Errorf("%d of %d files failed", failed, len(files))
	}
	return nil
}

func extractFile(path, pageURL string, model *sitemodel.Model) (rec any, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	page, err := scraper.DecodeHTML(data, "")
	if err != nil {
		return nil, err
	}
	return extract.Extract(page, pageURL, model)
}
