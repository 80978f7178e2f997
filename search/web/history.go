package web

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/ogpsearch/ogpsearch/internal/history"
	"github.com/ogpsearch/ogpsearch/internal/ogp"
	"github.com/ogpsearch/ogpsearch/search"
)

// A commitment's page shows what the site changed, newest first, each
// change dated and named in the reader's language, its terms labelled
// through their vocabularies. A result the site changed lately says so.

// recentChange is how long a change keeps its mark on a result.
const recentChange = 30 * 24 * time.Hour

// timelineEntry is one change of a commitment as its page shows it.
type timelineEntry struct {
	Kind  string // the change's kind, a key of the change_kind vocabulary
	Label string // the kind in the reader's language
	When  dated
	Lines []changeLine
}

// dated is a moment: RFC 3339 for <time datetime>, and its day as the
// reader reads it.
type dated struct{ Time, Day string }

// changeLine is one field of a change: its old and new values, or a Text
// saying what changed when values are not shown (terms added or removed, a
// long text edited, the languages of new pages).
type changeLine struct {
	Field    string // the field in the reader's language
	Old, New value
	Text     string
}

// value is a field's value as shown: a term's label, a page's text (in
// Lang, that page's language), or "none".
type value struct{ Text, Lang string }

// timeline lists a commitment's site changes, newest first.
func timeline(changes []search.Change, lang string) []timelineEntry {
	kinds := ogp.Vocab(ogp.VocabChangeKind)
	out := make([]timelineEntry, 0, len(changes))
	for _, c := range slices.Backward(changes) {
		e := timelineEntry{Kind: string(c.Kind), Label: kinds.Label(string(c.Kind), lang), When: dateOf(c.SeenTime(), lang)}
		if len(c.Langs) > 0 && (c.Kind == history.KindNew || c.Kind == history.KindTranslationAdded) {
			e.Lines = append(e.Lines, changeLine{Field: uiStrings.text(lang, "change_langs"), Text: languageNames(c.Langs, lang)})
		}
		for _, f := range c.Fields {
			e.Lines = append(e.Lines, fieldLine(f, lang))
		}
		out = append(out, e)
	}
	return out
}

// termVocab is the vocabulary of each term field of a change.
var termVocab = map[string]string{
	"status": ogp.VocabStatus, "completion": ogp.VocabCompletion, "completion_mid_term": ogp.VocabCompletion,
	"completion_end_of_term": ogp.VocabCompletion, "starred": ogp.VocabYesNo, "verifiable": ogp.VocabYesNo,
	"early_results": ogp.VocabEarlyResults, "potential_impact": ogp.VocabPotentialImpact,
	"policy_areas": ogp.VocabPolicyArea, "relevant_values": ogp.VocabOGPValue, "member": ogp.VocabMember,
}

// editedOnly are the text fields whose edits are told, not shown: long
// texts (the history keeps only their digests) and addresses.
var editedOnly = map[string]bool{"description": true, "irm_summary": true, "url": true}

// fieldLine says how one field changed, in lang.
func fieldLine(f history.FieldChange, lang string) changeLine {
	t := uiStrings
	line := changeLine{Field: ogp.Vocab(ogp.VocabChangedField).Label(f.Field, lang)}
	if f.Lang != "" {
		// The text of one page: which one is said.
		line.Field += " (" + t.text(lang, "lang_"+f.Lang) + ")"
	}
	label := func(key string) string {
		v, ok := termVocab[f.Field]
		if !ok {
			return key
		}
		l := ogp.Vocab(v).Label(key, lang)
		if v == ogp.VocabStatus || v == ogp.VocabCompletion || v == ogp.VocabYesNo {
			l = displayCase(l)
		}
		return l
	}
	labels := func(keys []string) string {
		out := make([]string, len(keys))
		for i, k := range keys {
			out[i] = label(k)
		}
		return strings.Join(out, ", ")
	}
	switch {
	case editedOnly[f.Field]:
		line.Text = t.text(lang, "change_edited")
	case len(f.Added)+len(f.Removed) > 0:
		var parts []string
		if len(f.Added) > 0 {
			parts = append(parts, t.text(lang, "change_added", labels(f.Added)))
		}
		if len(f.Removed) > 0 {
			parts = append(parts, t.text(lang, "change_removed", labels(f.Removed)))
		}
		line.Text = strings.Join(parts, "; ")
	default:
		// A page's text keeps its language; "none" is in the reader's.
		shown := func(s string) value {
			if s == "" {
				return value{Text: t.text(lang, "change_none")}
			}
			return value{Text: label(s), Lang: f.Lang}
		}
		line.Old, line.New = shown(f.Old), shown(f.New)
	}
	return line
}

// languageNames names languages in lang: "French, Spanish".
func languageNames(codes []string, lang string) string {
	names := make([]string, len(codes))
	for i, c := range codes {
		names[i] = uiStrings.text(lang, "lang_"+c)
	}
	return strings.Join(names, ", ")
}

// dateOf is t as a dated, its day in UTC as lang writes dates.
func dateOf(t time.Time, lang string) dated {
	t = t.UTC()
	return dated{Time: t.Format(time.RFC3339), Day: longDate(t, lang)}
}

// longDate writes a day as the page script's Intl.DateTimeFormat does
// (day, long month, year), so that both renderings say the same.
func longDate(t time.Time, lang string) string {
	months := strings.Split(uiStrings.text(lang, "months"), ",")
	month := strconv.Itoa(int(t.Month()))
	if m := int(t.Month()) - 1; m < len(months) {
		month = months[m]
	}
	return strings.NewReplacer("{day}", strconv.Itoa(t.Day()), "{month}", month, "{year}", strconv.Itoa(t.Year())).
		Replace(uiStrings.text(lang, "date_format"))
}

// changeMark is what a result the site changed lately says: "Changed on
// {day}", cut around the day, which is a <time>.
type changeMark struct {
	Kind          string // of the change
	Before, After string
	When          dated
}

// markKey is the string each kind of change marks a result with.
var markKey = map[string]string{string(history.KindNew): "mark_new", string(history.KindRemoved): "mark_removed"}

// recentMark is the mark of a hit the site changed within recentChange
// of now, or at or after since (the changed-since asked; zero: none);
// nil for the others.
func recentMark(h ogp.Hit, since, now time.Time, lang string) *changeMark {
	changed, err := time.Parse(time.RFC3339, h.Changed)
	if err != nil || (now.Sub(changed) > recentChange && (since.IsZero() || changed.Before(since))) {
		return nil
	}
	key := markKey[h.Change]
	if key == "" {
		key = "mark_changed"
	}
	before, after, _ := strings.Cut(uiStrings.text(lang, key), "{x}")
	return &changeMark{Kind: h.Change, Before: before, After: after, When: dateOf(changed, lang)}
}

// sinceLabel names a changed-since value: its day when it is a day (or
// midnight UTC), else as given.
func sinceLabel(s, lang string) string {
	t, err := ogp.ParseSince(s)
	if err != nil || t.IsZero() || !t.Equal(t.Truncate(24*time.Hour)) {
		return s
	}
	return longDate(t, lang)
}

// sinceDay is a changed-since value as a date input holds it.
func sinceDay(s string) string {
	if t, err := ogp.ParseSince(s); err == nil && !t.IsZero() {
		return t.UTC().Format(time.DateOnly)
	}
	return ""
}
