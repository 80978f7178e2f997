// Command ogpsearch crawls, extracts, indexes and searches the commitments
// of the Open Government Partnership. Run `ogpsearch help` for the commands.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"sort"
	"strings"
	"syscall"
)

// env is what a command may touch: its streams. main gives the process's,
// run wraps stdout to catch write errors; a command writes nowhere else.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
}

// command is one subcommand: its one-line summary and its entry point.
type command struct {
	summary string
	run     func(ctx context.Context, e env, args []string) error
}

var commands = map[string]command{
	"changes": {"what changed on the site, commitment by commitment, from the corpus history", runChanges},
	"crawl":   {"crawl the site politely and write a corpus directory", runCrawl},
	"export":  {"write every commitment a search matches, as CSV or JSON Lines", runExport},
	"extract": {"extract records from saved pages, as JSON Lines on stdout", runExtract},
	"import":  {"turn a spreadsheet export of OGP commitment data into a corpus", runImport},
	"index":   {"build the search index from a corpus, replacing it atomically", runIndex},
	"query":   {"one search from the shell, with the parameters of the API", runQuery},
	"reindex": {"re-extract the stored raw pages (no network) and update the index", runReindex},
	"serve":   {"serve the web page and the HTTP API", runServe},
	"stats":   {"what an index holds: facet counts, missing translations, empty fields", runStats},
}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (u usageError) Error() string { return u.msg }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, env{os.Stdin, os.Stdout, os.Stderr}, os.Args[1:])
	stop()
	os.Exit(code)
}

// run executes one command line and returns the exit status: 0 success,
// 1 failure, 2 bad usage. Errors are printed as one line on stderr.
//
// Output that could not be written fails the command: stdout is wrapped in
// a writer that remembers the first write error, and a command that
// returns successfully after one exits 1 with that error ("write standard
// output: no space left on device"). A command's own error comes first.
func run(ctx context.Context, e env, args []string) int {
	stdout := &stdoutWriter{w: e.stdout}
	e.stdout = stdout
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(e.stdout)
		if len(args) == 0 {
			return 2
		}
		if stdout.err != nil {
			fmt.Fprintf(e.stderr, "ogpsearch %s: %s\n", args[0], oneLine(stdout.err.Error()))
			return 1
		}
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(e.stderr, "ogpsearch: unknown command %q (run 'ogpsearch help')\n", args[0])
		return 2
	}
	err := cmd.run(ctx, e, args[1:])
	if stdout.err != nil && (err == nil || errors.Is(err, flag.ErrHelp)) {
		err = stdout.err
	}
	var ue usageError
	switch {
	case err == nil:
		return 0
	case errors.Is(err, flag.ErrHelp):
		return 0
	case errors.As(err, &ue):
		fmt.Fprintf(e.stderr, "ogpsearch %s: %s (see 'ogpsearch %s --help')\n", args[0], ue.msg, args[0])
		return 2
	default:
		fmt.Fprintf(e.stderr, "ogpsearch %s: %s\n", args[0], oneLine(err.Error()))
		return 1
	}
}

// stdoutWriter is a command's standard output. It remembers the first
// write error, which commands printing with fmt.Fprintf or a deferred
// Flush would otherwise lose, and fails every later write with it, so
// that no output goes on after a gap.
type stdoutWriter struct {
	w   io.Writer
	err error
}

func (s *stdoutWriter) Write(p []byte) (int, error) {
	if s.err != nil {
		return 0, s.err
	}
	n, err := s.w.Write(p)
	if err != nil {
		// "write /dev/stdout: …" names a path the user never gave.
		var pe *os.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		s.err = fmt.Errorf("write standard output: %w", err)
		return n, s.err
	}
	return n, nil
}

// underlying returns the writer a command's stdout wraps, the process's
// *os.File when run from main, for the checks of what it is (a terminal).
func underlying(w io.Writer) io.Writer {
	if s, ok := w.(*stdoutWriter); ok {
		return s.w
	}
	return w
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

func usage(w io.Writer) {
	fmt.Fprintln(w, "ogpsearch: search the commitments of the Open Government Partnership")
	fmt.Fprintln(w, "\nUsage: ogpsearch COMMAND [flags] [args]\n\nCommands:")
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(w, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintln(w, "\nRun 'ogpsearch COMMAND --help' for a command's flags and an example.")
}

// newFlagSet makes a command's flag set; its help prints the synopsis, the
// flags and a worked example.
func newFlagSet(e env, name, synopsis, example string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Usage = func() {
		fmt.Fprintf(e.stdout, "Usage: ogpsearch %s\n\n%s\n\nFlags:\n", name, synopsis)
		fs.SetOutput(e.stdout)
		fs.PrintDefaults()
		fs.SetOutput(io.Discard)
		fmt.Fprintf(e.stdout, "\nExample:\n%s\n", example)
	}
	return fs
}

// checkIndexDir fails when dir, the --index of a command that reads an
// index, does not exist, naming it: "no index built yet" would send the
// user to build one when the path has a typo.
func checkIndexDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("index directory %s does not exist", dir)
	case err != nil:
		return err
	case !info.IsDir():
		return fmt.Errorf("index directory %s is not a directory", dir)
	}
	return nil
}

// anyArgs is parseCommand's count of positional arguments for a command
// that takes any number of them.
const anyArgs = -1

// parseCommand parses a command line (parseFlags) and checks what every
// command checks: that the flags named in required were given, and that
// there are exactly positional arguments (anyArgs: any number). A mistake
// is a usage error that names it.
func parseCommand(fs *flag.FlagSet, args []string, required []string, positional int) error {
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	var missing []string
	for _, name := range required {
		if f := fs.Lookup(name); f == nil || f.Value.String() == "" {
			missing = append(missing, "--"+name)
		}
	}
	switch {
	case len(missing) == 1:
		return usageError{missing[0] + " is required"}
	case len(missing) > 1:
		return usageError{strings.Join(missing[:len(missing)-1], ", ") + " and " + missing[len(missing)-1] + " are required"}
	case positional >= 0 && fs.NArg() > positional:
		return usageError{fmt.Sprintf("unexpected argument %q", fs.Arg(positional))}
	case positional >= 0 && fs.NArg() < positional:
		return usageError{fmt.Sprintf("%d argument(s) expected, %d given", positional, fs.NArg())}
	}
	return nil
}

// parseFlags parses args, flags and positional arguments in any order
// (`import --format ogp-csv FILE --out DIR`), mapping flag errors to usage
// errors and -h to help, printed once. The positional arguments end up in
// fs.Args().
func parseFlags(fs *flag.FlagSet, args []string) error {
	// The flag package prints the usage itself on -h and on every bad
	// flag: the help is printed here, once, and a bad flag is a one-line
	// usage error.
	help := fs.Usage
	fs.Usage = func() {}
	defer func() { fs.Usage = help }()
	var positional []string
	for {
		err := fs.Parse(args)
		if errors.Is(err, flag.ErrHelp) {
			help()
			return err
		}
		if err != nil {
			return usageError{err.Error()}
		}
		rest := fs.Args()
		if len(rest) == 0 {
			break
		}
		if rest[0] == "--" {
			positional = append(positional, rest[1:]...)
			break
		}
		positional = append(positional, rest[0])
		args = rest[1:]
	}
	// Parse the positional arguments alone once more, after "--", so that
	// fs.Args() returns them.
	return fs.Parse(append([]string{"--"}, positional...))
}
