// The ogpsearch page script. The server renders a page that works without
// it; this script makes it live: results while typing (a fast request per
// pause of ~100 ms, the full one with facets and snippets when typing
// stops, both completing the word being typed), suggestions, facets that
// apply at once, the commitment view, the interface language, and the whole
// state in the URL so that a search is a link and back/forward work.
//
// The page stays calm while keys come: an answer replaces the previous one
// only when it has something to show; until then the previous one stays,
// dimmed once it has been stale for a moment. "Nothing matches" waits for
// the answer to a query the reader has stopped typing, and the filter
// column keeps the chosen filters whatever the answer.
(() => {
  'use strict';

  const $ = (sel, root = document) => root.querySelector(sel);
  const boot = JSON.parse($('#state').textContent);
  const STRINGS = boot.strings;
  const MEMBERS = boot.members || {};
  const LANGS = ['en', 'fr', 'es', 'ko'];
  const FACETS = ['policy_area', 'member', 'status', 'completion', 'starred', 'language', 'change', 'changed_field'];
  const SORTS = ['relevance', '-year', 'year', 'id'];
  const FAST_DELAY = 100; // ms after a keystroke: results and suggestions
  const FULL_DELAY = 450; // ms after the last keystroke: facets, snippets, URL
  const SHORT_LIST = 8; // facet values shown before "show all"
  const SUGGEST_LINGER = 1000; // ms after the last keystroke before suggestions give way to the results
  const RECENT = 30 * 864e5; // ms a change of the site keeps its mark on a result, as on the server
  // Facets (and commitment fields) whose labels are lower-case in some
  // languages ("inactif", "oui"): shown with a capital, as the others.
  const CASED = ['status', 'completion', 'starred'];

  const ui = {
    html: document.documentElement, form: $('#search'), q: $('#q'), suggest: $('#suggest'),
    layout: $('#layout'), filters: $('#filters'), facets: $('#facets'), results: $('#results'),
    count: $('#count'), sort: $('#sort'), chips: $('#chips'), message: $('#message'),
    hits: $('#hits'), pages: $('#pages'), detail: $('#detail'), langs: $('#langs'),
    since: $('#changed_since'), follow: $('#follow'),
  };
  ui.html.classList.add('js');

  // webURL returns s, normalized, when it is an absolute http(s) address
  // with a host, else null. Those are the only addresses from data (a
  // record's url, its translations) the page links to: javascript:, data:,
  // a relative path are never links.
  function webURL(s) {
    if (typeof s !== 'string' || !s) return null;
    try {
      const u = new URL(s);
      return (u.protocol === 'http:' || u.protocol === 'https:') && u.host ? u.href : null;
    } catch {
      return null;
    }
  }

  // leadsToWeb reports whether href, resolved against the page (the page's
  // own links are paths), is an http(s) address.
  function leadsToWeb(href) {
    try {
      return webURL(new URL(String(href), location.href).href) !== null;
    } catch {
      return false;
    }
  }

  // h builds an element: h('a', {href, class, text, onclick}, ...children).
  // An href that does not lead to an http(s) address is left out: a second
  // guard behind webURL.
  function h(tag, attrs, ...kids) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === 'href' && !leadsToWeb(v)) continue;
      if (k === 'text') el.textContent = v;
      else if (k === 'class') el.className = v;
      else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
      else el.setAttribute(k, v === true ? '' : v);
    }
    for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== false) el.append(kid);
    return el;
  }

  // ---- State: everything the URL holds ----

  let state = readURL();
  const labels = {}; // facet name → key → label in the current language, from the last answers

  function pickLang(asked) {
    if (LANGS.includes(asked)) return asked;
    for (const tag of navigator.languages || [navigator.language]) {
      const code = String(tag || '').slice(0, 2).toLowerCase();
      if (LANGS.includes(code)) return code;
    }
    return boot.lang;
  }

  function readURL() {
    const p = new URLSearchParams(location.search);
    const m = location.pathname.match(/^\/commitments\/([^/]+)\/?$/);
    const st = {
      q: p.get('q') || '', lang: pickLang(p.get('lang')), filters: {},
      from: +p.get('year_from') || 0, to: +p.get('year_to') || 0,
      page: Math.max(1, +p.get('page') || 1), sort: p.get('sort') || 'relevance',
      id: m ? decodeURIComponent(m[1]).toUpperCase() : '', since: p.get('changed_since') || '',
    };
    for (const f of FACETS) st.filters[f] = p.getAll(f).flatMap((v) => v.split(',')).filter(Boolean);
    if (+p.get('year')) st.from = st.to = +p.get('year');
    return st;
  }

  function copy(st) {
    const out = { ...st, filters: {} };
    for (const f of FACETS) out.filters[f] = [...(st.filters[f] || [])];
    return out;
  }

  // params are the search parameters of st, for the URL and the API alike.
  function params(st) {
    const p = new URLSearchParams();
    if (st.q.trim()) p.set('q', st.q.trim());
    for (const f of FACETS) for (const k of st.filters[f]) p.append(f, k);
    if (st.from) p.set('year_from', st.from);
    if (st.to) p.set('year_to', st.to);
    if (st.since) p.set('changed_since', st.since);
    if (st.sort !== 'relevance') p.set('sort', st.sort);
    if (st.page > 1) p.set('page', st.page);
    p.set('lang', st.lang);
    return p;
  }

  function urlOf(st) {
    if (st.id) return '/commitments/' + encodeURIComponent(st.id) + '?lang=' + st.lang;
    return '/?' + params(st);
  }

  // feedURL is the address of the Atom feed that follows the search st:
  // what it finds, not how its page is sorted or cut; its entries are the
  // changes since the changed-since date, when there is one.
  function feedURL(st) {
    const p = params({ ...st, sort: 'relevance', page: 1, since: '' });
    if (st.since) p.set('since', st.since);
    return '/feeds/search.atom?' + p;
  }

  function hasFilters(st) {
    return FACETS.some((f) => st.filters[f].length) || st.from || st.to || st.since;
  }

  // go makes st the state: a new history entry (push), the current one
  // (replace), then shows it.
  let typing = false; // the current entry was made by typing: more typing replaces it
  function go(st, how = 'push') {
    const from = state;
    state = st;
    const url = urlOf(st);
    if (how === 'push' && url !== location.pathname + location.search) {
      history.replaceState({ ...history.state, scroll: window.scrollY }, '');
      history.pushState({ app: 1, fromSearch: !from.id && !!st.id }, '', url);
    } else {
      history.replaceState({ ...history.state, app: 1 }, '', url);
    }
    typing = false;
    show();
  }

  // ---- Strings ----

  // raw is the string key in the interface language, else in English,
  // its {x} and {y} left in.
  function raw(key) {
    return STRINGS[state.lang]?.[key] ?? STRINGS.en[key] ?? key;
  }
  function t(key, x, y) {
    return raw(key).replace('{x}', x ?? '').replace('{y}', y ?? '');
  }
  // tWith puts an element where a string has {x}: a word in another
  // language keeps its own lang attribute.
  function tWith(key, el) {
    const [before, after = ''] = raw(key).split('{x}');
    return [before, el, after];
  }
  function tn(key, n) {
    return t(key).replace('{n}', n.toLocaleString(state.lang));
  }
  function countText(n) {
    const one = new Intl.PluralRules(state.lang).select(n) === 'one';
    return tn(one ? 'count_one' : 'count_other', n);
  }
  // displayCase gives a label a capital first letter, as the server does.
  function displayCase(s) {
    const str = String(s ?? '');
    const first = str.codePointAt(0);
    if (first === undefined) return str;
    const head = String.fromCodePoint(first);
    return head.toLocaleUpperCase(state.lang) + str.slice(head.length);
  }
  // notAvailable: a value that only says there is none ("NA", "N/A", "n/a").
  function notAvailable(s) {
    return ['na', 'n/a', 'n.a.', 'n. a.', 'n.a'].includes(String(s ?? '').trim().toLowerCase());
  }
  // day writes a moment's day (UTC) as the reader's language does, as the
  // server does.
  function day(when) {
    return new Intl.DateTimeFormat(state.lang, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(when));
  }
  // sinceText names a changed-since value: its day when it is a day.
  function sinceText(since) {
    return /^\d{4}-\d{2}-\d{2}(T00:00:00Z)?$/.test(since) ? day(since.slice(0, 10)) : since;
  }
  function memberName(key, lang = state.lang) {
    return labels.member?.[key] && lang === state.lang ? labels.member[key] : MEMBERS[lang]?.[key] || key;
  }

  // applyLang puts the interface in the state's language.
  function applyLang() {
    const lang = state.lang;
    ui.html.lang = lang;
    for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
    for (const el of document.querySelectorAll('[data-t-placeholder]')) el.placeholder = t(el.dataset.tPlaceholder);
    for (const el of document.querySelectorAll('[data-t-aria-label]')) el.setAttribute('aria-label', t(el.dataset.tAriaLabel));
    ui.pages.setAttribute('aria-label', t('pages'));
    ui.form.elements.lang.value = lang;
    $('#home').href = '/?lang=' + lang;
    for (const a of ui.langs.querySelectorAll('a[data-lang]')) {
      const other = copy(state);
      other.lang = a.dataset.lang;
      a.href = urlOf(other);
      if (a.dataset.lang === lang) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    }
    ui.sort.replaceChildren(...SORTS.map((s) => h('option', { value: s, text: t('sort_' + s), selected: s === state.sort })));
    feedLink()?.setAttribute('title', t('feed_title'));
  }

  // feedLink is the head's link to the feed of the search shown, made when
  // a search is shown, removed with it.
  function feedLink(make = false) {
    let link = $('link[rel=alternate][type="application/atom+xml"]');
    if (!link && make) {
      link = h('link', { rel: 'alternate', type: 'application/atom+xml', title: t('feed_title') });
      document.head.append(link);
    }
    return link;
  }

  // showFollow points the "follow this search" link, the head's feed link
  // and the changed-since date at the search st.
  function showFollow(st) {
    const href = feedURL(st);
    ui.follow.href = href;
    feedLink(true).href = href;
    const since = /^\d{4}-\d{2}-\d{2}/.test(st.since) ? st.since.slice(0, 10) : '';
    if (ui.since.value !== since) ui.since.value = since;
  }

  function setTitle(text) {
    document.title = (text ? text + ' — ' : '') + 'ogpsearch';
  }

  // ---- Requests: a newer request always wins ----

  class APIError extends Error {
    constructor(status, message, fromAPI) {
      super(message);
      this.status = status;
      this.fromAPI = fromAPI;
    }
  }

  async function getJSON(url, signal) {
    const r = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    let body = null;
    try { body = await r.json(); } catch { /* not JSON: a proxy's page, a dead server */ }
    if (!r.ok || !body) throw new APIError(r.status, body?.error?.message || r.statusText, !!body?.error);
    return body;
  }

  // A search is one of three kinds:
  //   'fast': a keystroke's, while keys may still come: hits only, the
  //           word being typed completed (prefix=last);
  //   'live': when typing pauses: everything, the word still completed;
  //   'full': one the reader asked for (Enter, a link, a filter, the
  //           address, back and forward): everything, words as written.
  // prefix=last is never part of the address: a link finds what it says.
  let searchCtl = null;
  let searchSeq = 0;
  async function search(st, kind = 'full') {
    searchCtl?.abort();
    const ctl = (searchCtl = new AbortController());
    const seq = ++searchSeq;
    const p = params(st);
    if (kind === 'fast') { p.set('facets', 'false'); p.set('snippets', 'false'); }
    // A query ending with a space has its last word complete.
    if (kind !== 'full' && st.q.trim() && !/\s$/.test(st.q)) p.set('prefix', 'last');
    busy(true);
    stale(true);
    try {
      const res = await getJSON('/api/v1/search?' + p, ctl.signal);
      if (seq === searchSeq) renderResults(st, res, kind);
    } catch (e) {
      if (e.name !== 'AbortError' && seq === searchSeq) showSearchError(e);
    } finally {
      if (seq === searchSeq) busy(false);
    }
  }

  function busy(on) {
    ui.html.classList.toggle('busy', on);
    ui.results.setAttribute('aria-busy', on ? 'true' : 'false');
  }

  // stale marks the results shown as not (yet) the answer to what the box
  // holds. The style dims them only after a moment, so that an answer that
  // comes quickly replaces them without a flicker.
  function stale(on) {
    ui.results.classList.toggle('stale', on);
  }

  // ---- Typing, composition, suggestions ----

  let composing = false;
  let fastTimer = 0;
  let fullTimer = 0;

  ui.q.setAttribute('role', 'combobox');
  ui.q.setAttribute('aria-autocomplete', 'list');
  ui.q.setAttribute('aria-controls', 'suggest');
  ui.q.setAttribute('aria-expanded', 'false');

  ui.q.addEventListener('compositionstart', () => { composing = true; });
  ui.q.addEventListener('compositionend', () => { composing = false; typed(); });
  ui.q.addEventListener('input', (e) => {
    if (composing || e.isComposing) return; // a syllable is being composed: wait for it
    typed();
  });

  let lastKeyAt = 0; // when the reader last typed in the box
  let shownLive = ''; // liveKey of the last 'live' answer shown, if it is the one shown
  const liveKey = (st) => urlOf(st) + '\n' + st.q;
  function typed() {
    clearTimeout(fastTimer);
    clearTimeout(fullTimer);
    const text = ui.q.value;
    lastKeyAt = Date.now();
    settled = false;
    asked = false;
    if (text !== state.q && !state.id) stale(true);
    fastTimer = setTimeout(() => {
      if (text === state.q && !state.id) { suggest(text); return; }
      state = { ...copy(state), q: text, page: 1, id: '' };
      showSearchView();
      search(state, 'fast');
      suggest(text);
    }, FAST_DELAY);
    fullTimer = setTimeout(() => {
      const url = urlOf(state);
      if (url !== location.pathname + location.search) {
        if (typing) history.replaceState({ app: 1 }, '', url);
        else { history.replaceState({ ...history.state, scroll: window.scrollY }, ''); history.pushState({ app: 1 }, '', url); }
        typing = true;
        setTitle(state.q);
      }
      // Unless the answer shown is this one: the address alone does not
      // tell ("data" and "data " differ in the completion of "data").
      if (liveKey(state) !== shownLive) search(state, 'live');
    }, FULL_DELAY);
  }

  // The suggestion list lies over the top of the results while the reader
  // types. Once typing has stopped and the answer to it is shown, the list
  // gives way to the count and the first results, unless the reader has
  // moved into it (an option highlighted with the arrow keys, the pointer
  // over it). ArrowDown brings it back.
  let suggestCtl = null;
  let options = [];
  let active = -1;
  let pointerIn = false; // the pointer is over the list
  let settled = false; // the list gave way to the results since the last keystroke
  let settleTimer = 0;
  let asked = false; // the reader asked for the list (ArrowDown): open it on its first option
  async function suggest(text) {
    suggestCtl?.abort();
    if (!text.trim()) { closeSuggest(); return; }
    const ctl = (suggestCtl = new AbortController());
    try {
      const res = await getJSON('/api/v1/suggest?' + new URLSearchParams({ q: text, lang: state.lang, limit: 8 }), ctl.signal);
      if (ctl === suggestCtl && ui.q.value === text && document.activeElement === ui.q && (!settled || asked)) {
        openSuggest(withReading(distinct(res.suggestions || []), res.hangul));
        if (asked && options.length) highlight(0);
        asked = false;
      }
    } catch (e) {
      if (e.name !== 'AbortError') closeSuggest();
    }
  }

  // distinct keeps one suggestion per thing: the same text of the same
  // kind twice (two commitments with one title, a label differing only in
  // case or spacing) is one entry, the first. The same text of two kinds
  // ("Open Data" the policy area, "Open Data" the commitment) stays twice,
  // told apart by the kind.
  function distinct(list) {
    const seen = new Set();
    return list.filter((s) => {
      const key = s.kind + '\u0000' + String(s.text).normalize('NFC').replace(/\s+/g, ' ').trim().toLocaleLowerCase(state.lang);
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
  }

  // withReading puts first the Hangul that a query typed with the keyboard
  // in Latin mode spells (rhdrhd → 공공), when the suggestions were found
  // by it: choosing it makes it the query.
  function withReading(list, hangul) {
    return hangul ? [{ text: hangul, kind: 'hangul', lang: 'ko' }, ...list] : list;
  }

  function kindLabel(kind) {
    return ('kind_' + kind) in STRINGS.en ? t('kind_' + kind) : t('facet_' + kind).toLocaleLowerCase(state.lang);
  }

  function openSuggest(list) {
    // The same list again (a request sent before the reader moved into
    // it): left as it is, with its highlighted option.
    const same = (a, b) => a.length === b.length && a.every((s, i) => s.text === b[i].text && s.kind === b[i].kind && s.id === b[i].id && s.key === b[i].key);
    if (!ui.suggest.hidden && same(list, options)) return;
    // A newer list while the reader is moving in the open one (the
    // answer to the last keys arrived after an arrow key): the reader
    // stays in the list, at the same place.
    const was = ui.suggest.hidden ? -1 : active;
    options = list;
    active = -1;
    // Each option says its text, then its kind: visible, and read out
    // after a pause (the hidden comma) rather than run into the text.
    ui.suggest.replaceChildren(...list.map((s, i) => h('li', {
      id: 'sug-' + i, role: 'option', 'aria-selected': 'false', 'data-kind': s.kind,
      onmousedown: (e) => { e.preventDefault(); pick(i); },
    }, s.kind === 'hangul' ? h('span', { class: 'text' }, tWith('did_you_mean', h('span', { lang: 'ko', text: s.text }))) : [
      h('span', { class: 'text', lang: s.lang || null, text: s.text }),
      h('span', { class: 'vh', text: ', ' }),
      h('span', { class: 'kind', text: kindLabel(s.kind) })])));
    ui.suggest.hidden = list.length === 0;
    ui.q.setAttribute('aria-expanded', String(list.length > 0));
    ui.q.removeAttribute('aria-activedescendant');
    if (was >= 0 && list.length) highlight(Math.min(was, list.length - 1));
  }

  // settleSuggest closes the list when the answer to a finished query is
  // shown, not before SUGGEST_LINGER after the last keystroke, unless the
  // reader is choosing in it.
  function settleSuggest() {
    clearTimeout(settleTimer);
    settleTimer = setTimeout(() => {
      if (Date.now() - lastKeyAt < FULL_DELAY || asked) return; // typing again, or asked for the list
      settled = true;
      if (active < 0 && !pointerIn) closeSuggest();
    }, Math.max(0, lastKeyAt + SUGGEST_LINGER - Date.now()));
  }
  ui.suggest.addEventListener('pointerenter', () => { pointerIn = true; });
  ui.suggest.addEventListener('pointerleave', () => { pointerIn = false; });

  function closeSuggest() {
    suggestCtl?.abort();
    options = [];
    active = -1;
    pointerIn = false;
    ui.suggest.hidden = true;
    ui.suggest.replaceChildren();
    ui.q.setAttribute('aria-expanded', 'false');
    ui.q.removeAttribute('aria-activedescendant');
  }

  function highlight(i) {
    active = i;
    ui.suggest.querySelectorAll('[role=option]').forEach((li, j) => li.setAttribute('aria-selected', String(j === i)));
    if (i >= 0) ui.q.setAttribute('aria-activedescendant', 'sug-' + i);
    else ui.q.removeAttribute('aria-activedescendant');
  }

  ui.q.addEventListener('keydown', (e) => {
    if (e.isComposing || composing) return;
    const open = !ui.suggest.hidden && options.length > 0;
    if (e.key === 'ArrowDown' && !open && ui.q.value.trim()) { e.preventDefault(); asked = true; suggest(ui.q.value); }
    else if (e.key === 'ArrowDown' && open) { e.preventDefault(); highlight((active + 1) % options.length); }
    else if (e.key === 'ArrowUp' && open) { e.preventDefault(); highlight(active <= 0 ? options.length - 1 : active - 1); }
    else if (e.key === 'Enter' && open && active >= 0) { e.preventDefault(); pick(active); }
    else if (e.key === 'Escape' && open) { e.preventDefault(); closeSuggest(); }
  });
  ui.q.addEventListener('blur', () => setTimeout(closeSuggest, 100));

  // pick follows a suggestion: a commitment opens, a facet value becomes a
  // filter, anything else (a Hangul reading too) becomes the query.
  function pick(i) {
    const s = options[i];
    closeSuggest();
    clearTimeout(fastTimer);
    clearTimeout(fullTimer);
    if (!s) return;
    const st = copy(state);
    if (s.id) { st.id = s.id; go(st); return; }
    if (s.key && FACETS.includes(s.kind)) {
      if (!st.filters[s.kind].includes(s.key)) st.filters[s.kind].push(s.key);
      st.q = '';
      ui.q.value = '';
    } else {
      st.q = s.text;
      ui.q.value = s.text;
    }
    st.page = 1;
    go(st);
  }

  ui.form.addEventListener('submit', (e) => {
    e.preventDefault();
    clearTimeout(fastTimer);
    clearTimeout(fullTimer);
    closeSuggest();
    go({ ...copy(state), q: ui.q.value, page: 1, id: '' }, typing ? 'replace' : 'push');
  });

  // ---- Filters ----

  ui.form.addEventListener('change', (e) => {
    const el = e.target;
    const st = { ...copy(state), page: 1, id: '' };
    if (el.type === 'checkbox' && FACETS.includes(el.name)) {
      st.filters[el.name] = el.checked ? [...st.filters[el.name], el.value] : st.filters[el.name].filter((k) => k !== el.value);
    } else if (el.name === 'year_from' || el.name === 'year_to') {
      st[el.name === 'year_from' ? 'from' : 'to'] = +el.value || 0;
      if (st.from && st.to && st.from > st.to) [st.from, st.to] = [st.to, st.from];
    } else if (el.name === 'sort') {
      st.sort = el.value;
    } else if (el === ui.since) {
      st.since = el.value;
    } else {
      return;
    }
    go(st);
  });

  const expanded = new Set(); // facets showing all their values
  const finding = {}; // facet name → the text filtering its list

  function fold(s) {
    return String(s).normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
  }

  // facetLabel is a facet value's label as shown.
  function facetLabel(name, label) {
    return CASED.includes(name) ? displayCase(label) : label;
  }

  // selectedLabel names a chosen value that the answer left out (a search
  // with no match has no counts).
  function selectedLabel(name, key) {
    if (labels[name]?.[key]) return labels[name][key];
    if (name === 'member') return memberName(key);
    if (name === 'language') return STRINGS[key]?.name || key;
    return key;
  }

  // renderFacets draws the filter column from a full answer. A value that
  // is chosen is always there, ticked, even when nothing matches, so that
  // the column never loses a filter the reader may want to remove.
  function renderFacets(st, facets) {
    for (const name of FACETS) {
      labels[name] = labels[name] || {};
      for (const f of facets[name] || []) labels[name][f.key] = facetLabel(name, f.label);
    }
    const groups = [yearFacet(st, facets.year || [])];
    for (const name of FACETS) {
      const values = (facets[name] || []).map((f) => ({ ...f, label: facetLabel(name, f.label) }));
      for (const key of st.filters[name]) {
        if (!values.some((f) => f.key === key)) values.push({ key, label: selectedLabel(name, key), count: 0 });
      }
      if (values.length) groups.push(checkFacet(st, name, values));
    }
    ui.facets.replaceChildren(...groups.filter(Boolean));
    ui.facets.classList.remove('stale');
    const n = FACETS.reduce((a, f) => a + st.filters[f].length, 0) + (st.from || st.to ? 1 : 0) + (st.since ? 1 : 0);
    $('summary', ui.filters).textContent = t('filters') + (n ? ' (' + n + ')' : '');
  }

  function checkFacet(st, name, values) {
    const title = t('facet_' + name);
    const long = values.length > SHORT_LIST + 2;
    const list = h('ul', {}, values.map((f) => h('li', { 'data-fold': fold(f.label) + ' ' + f.key },
      h('label', {},
        h('input', { type: 'checkbox', name, value: f.key, checked: st.filters[name].includes(f.key), 'data-focus': 'cb:' + name + ':' + f.key }),
        h('span', { class: 'label', text: f.label }),
        h('span', { class: 'count', text: f.count.toLocaleString(st.lang) })))));
    const box = h('fieldset', { class: 'facet', 'data-name': name }, h('legend', { text: title }));
    if (!long) {
      box.append(list);
      return box;
    }
    const find = h('input', {
      type: 'search', class: 'find', value: finding[name] || '', 'aria-label': t('find_in', title.toLowerCase()),
      placeholder: t('find_in', title.toLowerCase()), 'data-focus': 'find:' + name,
      oninput: () => { finding[name] = find.value; fit(); },
    });
    const more = h('button', {
      type: 'button', class: 'more', 'data-focus': 'more:' + name,
      onclick: () => { expanded.has(name) ? expanded.delete(name) : expanded.add(name); fit(); },
    });
    function fit() {
      const needle = fold(finding[name] || '').trim();
      list.querySelectorAll('li').forEach((li, i) => {
        const checked = $('input', li).checked;
        const visible = needle ? li.dataset.fold.includes(needle) : expanded.has(name) || i < SHORT_LIST || checked;
        li.hidden = !visible;
      });
      more.hidden = !!needle;
      more.textContent = expanded.has(name) ? t('show_fewer') : tn('show_all', values.length);
      more.setAttribute('aria-expanded', String(expanded.has(name)));
    }
    box.append(find, list, more);
    fit();
    return box;
  }

  function yearFacet(st, facet) {
    const counts = new Map();
    for (const f of facet) if (+f.key > 0) counts.set(+f.key, f.count);
    const years = [...counts.keys(), st.from, st.to].filter(Boolean);
    if (!years.length) return null;
    const lo = Math.min(...years);
    const hi = Math.max(...years);
    const top = Math.max(1, ...counts.values());
    const bars = [];
    for (let y = lo; y <= hi; y++) {
      const n = counts.get(y) || 0;
      const inRange = (!st.from || y >= st.from) && (!st.to || y <= st.to);
      const only = st.from === y && st.to === y;
      const label = t('year_bar', y, countText(n));
      const fill = h('span');
      fill.style.height = (n ? Math.max(4, (n * 100) / top) : 0) + '%';
      bars.push(h('button', {
        type: 'button', class: 'bar' + (inRange ? ' in' : ''), 'aria-pressed': String(only),
        'aria-label': label, title: label, 'data-focus': 'year:' + y,
        onclick: () => go({ ...copy(state), from: only ? 0 : y, to: only ? 0 : y, page: 1 }),
      }, fill));
    }
    const select = (name, value) => h('select', { name, 'data-focus': name },
      h('option', { value: '', text: t('any') }),
      Array.from({ length: hi - lo + 1 }, (_, i) => h('option', { value: lo + i, text: lo + i, selected: value === lo + i })));
    return h('fieldset', { class: 'facet years', 'data-name': 'year' },
      h('legend', { text: t('facet_year') }),
      h('div', { class: 'histogram' }, bars),
      h('div', { class: 'axis', 'aria-hidden': 'true' }, h('span', { text: lo }), h('span', { text: hi })),
      h('div', { class: 'range' },
        h('label', {}, t('year_from') + ' ', select('year_from', st.from)),
        h('label', {}, t('year_to') + ' ', select('year_to', st.to))));
  }

  function chipList(st) {
    const chips = [];
    for (const name of FACETS) {
      for (const key of st.filters[name]) {
        const label = t('facet_' + name) + ': ' + (name === 'member' ? memberName(key) : selectedLabel(name, key));
        chips.push([label, (s) => { s.filters[name] = s.filters[name].filter((k) => k !== key); }]);
      }
    }
    if (st.from || st.to) {
      const span = st.from === st.to ? String(st.from) : !st.from ? '≤ ' + st.to : !st.to ? '≥ ' + st.from : st.from + '–' + st.to;
      chips.push([t('facet_year') + ': ' + span, (s) => { s.from = 0; s.to = 0; }]);
    }
    if (st.since) chips.push([t('chip_since', sinceText(st.since)), (s) => { s.since = ''; }]);
    return chips.map(([label, drop], i) => h('li', {}, h('button', {
      type: 'button', class: 'chip', 'aria-label': t('remove', label), 'data-focus': 'chip:' + i,
      onclick: () => { const s = { ...copy(state), page: 1 }; drop(s); go(s); },
    }, label + ' ', h('span', { 'aria-hidden': 'true', text: '×' }))));
  }

  function renderChips(st) {
    const chips = chipList(st);
    if (!chips.length) { ui.chips.replaceChildren(); return; }
    const clear = h('button', {
      type: 'button', class: 'clear', text: t('clear_all'), 'data-focus': 'clear',
      onclick: () => { const s = copy(state); for (const f of FACETS) s.filters[f] = []; s.from = s.to = 0; s.since = ''; s.page = 1; go(s); },
    });
    ui.chips.replaceChildren(h('ul', { 'aria-label': t('active_filters') }, chips, h('li', {}, clear)));
  }

  // ---- Results ----

  function renderResults(st, res, kind = 'full') {
    const fast = kind === 'fast';
    // Keys are still coming and this prefix matches nothing: the previous
    // answer stays, marked stale, rather than a blank list and a "nothing
    // matches" that the next key takes back.
    if (fast && !res.total) {
      ui.facets.classList.add('stale');
      return;
    }
    const focus = document.activeElement?.dataset?.focus;
    const wasInLayout = ui.layout.contains(document.activeElement) && document.activeElement !== ui.q;
    stale(false);
    shownLive = kind === 'live' ? liveKey(st) : '';
    showFollow(st);
    if (ui.count.textContent !== countText(res.total)) ui.count.textContent = countText(res.total);
    ui.hits.replaceChildren(...(res.hits || []).map((hit) => hitItem(st, hit)));
    renderPages(st, res);
    if (fast) {
      ui.facets.classList.add('stale');
    } else {
      renderFacets(st, res.facets || {});
      renderChips(st);
    }
    renderMessage(st, res, fast);
    if (kind === 'live') settleSuggest();
    if (focus) {
      const again = document.querySelector('[data-focus="' + CSS.escape(focus) + '"]');
      if (again) again.focus();
      else if (wasInLayout) (ui.chips.querySelector('button') || ui.results).focus();
    }
  }

  function sanitize(html) {
    // Snippets are escaped text with <mark> around matches; keep only that.
    const tpl = document.createElement('template');
    tpl.innerHTML = html;
    const out = document.createDocumentFragment();
    for (const node of tpl.content.childNodes) {
      out.append(node.nodeName === 'MARK' ? h('mark', { text: node.textContent }) : document.createTextNode(node.textContent));
    }
    return out;
  }

  function hitItem(st, hit) {
    const meta = [hit.id, memberName(hit.member), hit.year || null].filter(Boolean).join(' · ');
    return h('li', { class: 'hit' },
      h('h2', {}, h('a', {
        href: '/commitments/' + hit.id + '?lang=' + st.lang, lang: hit.lang, 'data-id': hit.id,
        onclick: (e) => follow(e, hit.id),
      }, hit.title)),
      h('p', { class: 'meta' }, meta, hit.status?.label ? [' · ', h('span', { lang: hit.lang, text: displayCase(hit.status.label) })] : null,
        changeMark(st, hit)),
      (hit.snippets || []).map((s) => h('p', { class: 'snip', lang: hit.lang }, sanitize(s))),
      h('p', { class: 'tags' },
        (hit.policy_areas || []).filter((p) => p.label).map((p) => h('span', { class: 'tag', lang: hit.lang, text: p.label })),
        (hit.languages || []).map((l) => h('span', { class: 'lang', text: l }))));
  }

  // changeMark says when the site changed a result, if it did lately
  // (within RECENT) or since the changed-since date asked.
  function changeMark(st, hit) {
    const at = Date.parse(hit.changed || '');
    if (Number.isNaN(at) || (Date.now() - at > RECENT && !(at >= Date.parse(st.since)))) return null;
    const key = { new: 'mark_new', removed: 'mark_removed' }[hit.change] || 'mark_changed';
    return [' ', h('span', { class: 'changed', 'data-change': hit.change },
      tWith(key, h('time', { datetime: new Date(at).toISOString().replace('.000Z', 'Z'), text: day(at) })))];
  }

  // follow opens a commitment in place, unless the reader asked for a new
  // tab or window.
  function follow(e, id) {
    if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    go({ ...copy(state), id });
  }

  function renderPages(st, res) {
    const last = Math.min(Math.ceil(res.total / (res.size || 10)), Math.floor(10000 / (res.size || 10)));
    if (last <= 1) { ui.pages.replaceChildren(); return; }
    const link = (n, text, rel) => {
      const s = { ...copy(st), page: n };
      return h('a', {
        href: urlOf(s), rel, 'aria-current': n === st.page && !rel ? 'page' : null,
        onclick: (e) => { e.preventDefault(); go(s); ui.results.focus(); window.scrollTo(0, 0); },
      }, text);
    };
    const items = [];
    if (st.page > 1) items.push(link(st.page - 1, '‹ ' + t('previous'), 'prev'));
    let gap = false;
    for (let n = 1; n <= last; n++) {
      if (n === 1 || n === last || Math.abs(n - st.page) <= 2) { items.push(link(n, String(n))); gap = false; }
      else if (!gap) { items.push(h('span', { class: 'gap', text: '…' })); gap = true; }
    }
    if (st.page < last) items.push(link(st.page + 1, t('next') + ' ›', 'next'));
    ui.pages.replaceChildren(...items);
  }

  function renderMessage(st, res, fast) {
    if (res.total > 0) {
      ui.message.replaceChildren(res.relaxed ? h('p', { class: 'note', text: t('relaxed') }) : '');
      return;
    }
    const box = h('div', { class: 'empty' }, h('p', {}, h('strong', { text: t('no_results') })));
    if (hasFilters(st)) box.append(h('p', { text: t('try_removing') }), h('ul', { class: 'chips' }, chipList(st)));
    ui.message.replaceChildren(box);
    if (!fast && st.q.trim()) nearSpellings(st, box);
  }

  // nearSpellings offers completions of the query's beginning when
  // nothing matched: a misspelt ending is the usual reason. Korean typed
  // with the keyboard in Latin mode is offered as the Hangul it spells.
  async function nearSpellings(st, box) {
    const q = st.q.trim();
    const head = q.slice(0, Math.max(3, Math.ceil(q.length * 0.6)));
    // offer links to the search of text, in the language lang.
    const offer = (text, lang) => h('a', {
      href: urlOf({ ...copy(st), q: text }), lang: lang || null,
      onclick: (e) => { e.preventDefault(); ui.q.value = text; go({ ...copy(state), q: text, page: 1 }); },
    }, text);
    try {
      const whole = await getJSON('/api/v1/suggest?' + new URLSearchParams({ q, lang: st.lang, limit: 1 }));
      if (whole.hangul) {
        if (state === st) box.append(h('p', { class: 'reading' }, tWith('did_you_mean', offer(whole.hangul, 'ko'))));
        return;
      }
      const res = await getJSON('/api/v1/suggest?' + new URLSearchParams({ q: head, lang: st.lang, limit: 4 }));
      const list = (res.suggestions || []).filter((s) => !s.id);
      if (!list.length || state !== st) return;
      box.append(h('p', { text: t('try_spelling') }), h('ul', { class: 'near' }, list.map((s) => h('li', {}, offer(s.text, s.lang)))));
    } catch { /* no help to offer */ }
  }

  function renderError(e, retry) {
    let text = e.localized ? e.message : t('error_down');
    if (!e.localized && e.status === 503) text = t('error_busy');
    else if (!e.localized && e.fromAPI && e.status >= 400 && e.status < 500) text = t('error_bad', e.message);
    const box = h('div', { class: 'error', role: 'alert' }, h('p', { text }));
    if (retry) box.append(h('button', { type: 'button', class: 'retry', text: t('retry'), onclick: retry }));
    return box;
  }

  function showSearchError(e) {
    stale(false);
    shownLive = '';
    showFollow(state);
    renderChips(state);
    ui.facets.classList.add('stale');
    for (const box of ui.facets.querySelectorAll('input[type=checkbox]')) box.checked = state.filters[box.name]?.includes(box.value) ?? false;
    ui.count.textContent = '';
    ui.hits.replaceChildren();
    ui.pages.replaceChildren();
    ui.message.replaceChildren(renderError(e, () => search(state)));
  }

  // ---- The commitment view ----

  let detailCtl = null;
  async function openDetail(st) {
    ui.layout.hidden = true;
    ui.detail.hidden = false;
    feedLink()?.remove();
    closeSuggest();
    detailCtl?.abort();
    const ctl = (detailCtl = new AbortController());
    const given = boot.commitment;
    boot.commitment = null;
    const served = $('#history', ui.detail);
    if (given && given.id === st.id && (given.lang === st.lang || !given.languages.includes(st.lang)) &&
        (!served || (served.dataset.id === st.id && served.dataset.lang === st.lang))) {
      renderDetail(st, given, served);
      ui.detail.focus({ preventScroll: true });
      return;
    }
    busy(true);
    try {
      const [a, timeline] = await Promise.all([
        getJSON('/api/v1/commitments/' + encodeURIComponent(st.id) + '?lang=' + st.lang, ctl.signal),
        timelineOf(st, ctl.signal)]);
      if (ctl === detailCtl) renderDetail(st, a, timeline);
    } catch (e) {
      if (e.name === 'AbortError' || ctl !== detailCtl) return;
      const notFound = e.status === 404 || e.status === 400;
      ui.detail.replaceChildren(backLink(st), renderError(notFound ? { localized: true, message: t('not_found', st.id) } : e,
        notFound ? null : () => openDetail(state)));
      setTitle(st.id);
    } finally {
      if (ctl === detailCtl) busy(false);
    }
    ui.detail.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }

  // timelineOf is the history section of the commitment st shows, taken
  // from its page as the server renders it: the server names each change
  // in the reader's language and its terms through their vocabularies.
  // Null when the commitment has no history, or the page does not come.
  async function timelineOf(st, signal) {
    try {
      const r = await fetch('/commitments/' + encodeURIComponent(st.id) + '?lang=' + st.lang, { signal });
      if (!r.ok) return null;
      const section = new DOMParser().parseFromString(await r.text(), 'text/html').getElementById('history');
      return section ? document.adoptNode(section) : null;
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      return null;
    }
  }

  // backLink returns to the last search, in the current language.
  function backLink(st) {
    const back = { ...copy(lastSearch || { ...st, q: '', filters: {}, from: 0, to: 0, since: '', page: 1, sort: 'relevance' }), id: '', lang: st.lang };
    return h('p', { class: 'back' }, h('a', {
      id: 'back', href: urlOf(back),
      onclick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey) return;
        e.preventDefault();
        if (history.state?.fromSearch && lastSearch?.lang === st.lang) history.back();
        else go(back);
      },
    }, '← ' + t('back')));
  }

  function renderDetail(st, a, timeline) {
    const c = a.commitment;
    const doc = c.lang;
    const facts = [];
    const add = (key, value) => {
      if (value && String(value).trim() && !notAvailable(value)) facts.push([t('f_' + key), String(value).trim()]);
    };
    // Assessments are capitalised as in the facets.
    const addCased = (key, value) => add(key, value && displayCase(String(value).trim()));
    const terms = (list) => (list || []).map((x) => x.label).filter((l) => l && !notAvailable(l)).join(', ');
    add('id', c.id);
    add('member', MEMBERS[doc]?.[c.member] || memberName(c.member));
    add('action_plan', c.action_plan);
    add('year', c.year || '');
    addCased('status', c.status?.label);
    add('lead_institution', c.lead_institution);
    add('support_institutions', c.support_institutions);
    add('policy_areas', terms(c.policy_areas));
    add('relevant_values', terms(c.relevant_values));
    addCased('starred', c.starred?.label);
    addCased('verifiable', c.verifiable?.label);
    addCased('potential_impact', c.potential_impact?.label);
    addCased('early_results', c.early_results?.label);
    addCased('completion', c.completion?.label);
    addCased('completion_mid_term', c.completion_mid_term?.label);
    addCased('completion_end_of_term', c.completion_end_of_term?.label);
    add('irm_report', c.irm_report);
    for (const k of Object.keys(c.other_fields || {}).sort()) {
      const v = String(c.other_fields[k] ?? '').trim();
      if (v && !notAvailable(v)) facts.push([k, v]);
    }
    add('fetched_at', (c.fetched_at || '').split('T')[0]);

    const others = a.languages.filter((l) => l !== st.lang).map((l) => h('a', {
      href: '/commitments/' + a.id + '?lang=' + l, hreflang: l, lang: l, 'data-lang': l,
      onclick: (e) => { e.preventDefault(); switchLang(l); },
    }, STRINGS[l]?.name || l));
    const texts = [['description', c.description], ['irm_summary', c.irm_summary]]
      .map(([key, body]) => [key, String(body || '').split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean)])
      .filter(([, paras]) => paras.length)
      .map(([key, paras]) => h('section', {}, h('h2', { text: t('f_' + key) }), paras.map((p) => h('p', { lang: doc, text: p }))));
    const related = (c.related || []).filter((r) => r.id !== c.id).map((r) => h('li', {},
      h('a', { href: '/commitments/' + r.id + '?lang=' + st.lang, onclick: (e) => follow(e, r.id) }, r.title),
      r.year ? [' ', h('span', { class: 'muted', text: r.year })] : null));

    const source = webURL(c.url);
    // The parts the commitment has: replaceChildren would show a missing
    // one (null) as text.
    ui.detail.replaceChildren(...[
      backLink(st),
      h('header', {},
        h('p', { class: 'eyebrow' }, h('span', { class: 'id', text: c.id }), c.year ? ' · ' + c.year : ''),
        h('h1', { lang: doc, text: c.title }),
        doc !== st.lang ? h('p', { class: 'note', text: t('not_in_language', STRINGS[st.lang].name, STRINGS[doc]?.name || doc) }) : null,
        h('p', { class: 'links' },
          source ? h('a', { class: 'source', href: source, rel: 'noopener', text: t('source') + ' ↗' }) : null,
          others.length ? [' ', h('span', { class: 'others' }, t('other_languages') + ': ', others.flatMap((a) => [a, ' ']))] : null)),
      h('dl', { class: 'facts' }, facts.map(([k, v]) => h('div', {}, h('dt', { text: k }), h('dd', { lang: doc, text: v })))),
      ...texts,
      timeline,
      related.length ? h('section', {}, h('h2', { text: t('f_related') }), h('ul', { class: 'related' }, related)) : null,
    ].filter(Boolean));
    setTitle(c.title);
  }

  // ---- Showing a state ----

  let lastSearch = null; // the state of the last search shown

  function showSearchView() {
    ui.layout.hidden = false;
    ui.detail.hidden = true;
    detailCtl?.abort();
  }

  function show() {
    applyLang();
    if (ui.q.value !== state.q && document.activeElement !== ui.q) ui.q.value = state.q;
    if (state.id) { openDetail(state); return; }
    if (ui.q.value !== state.q) ui.q.value = state.q;
    lastSearch = copy(state);
    showSearchView();
    showFollow(state);
    setTitle(state.q);
    search(state);
  }

  function switchLang(lang) {
    if (lang === state.lang) return;
    for (const name of Object.keys(labels)) delete labels[name];
    go({ ...copy(state), lang });
  }

  ui.langs.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-lang]');
    if (!a || e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    switchLang(a.dataset.lang);
  });

  $('#home').addEventListener('click', (e) => {
    if (e.metaKey || e.ctrlKey || e.shiftKey) return;
    e.preventDefault();
    ui.q.value = '';
    const s = readURL();
    go({ ...s, q: '', filters: Object.fromEntries(FACETS.map((f) => [f, []])), from: 0, to: 0, since: '', page: 1, sort: 'relevance', id: '', lang: state.lang });
  });

  window.addEventListener('popstate', (e) => {
    clearTimeout(fastTimer);
    clearTimeout(fullTimer);
    closeSuggest();
    typing = false;
    state = readURL();
    ui.q.value = state.q;
    show();
    const y = e.state?.scroll;
    if (y) setTimeout(() => window.scrollTo(0, y), 50);
  });

  document.addEventListener('keydown', (e) => {
    const tag = document.activeElement?.tagName;
    if (e.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(tag)) { e.preventDefault(); ui.q.focus(); ui.q.select(); }
  });

  // On a phone the filters start folded under their summary.
  const narrow = window.matchMedia('(max-width: 48rem)');
  const fitFilters = () => { ui.filters.open = !narrow.matches; };
  narrow.addEventListener('change', fitFilters);
  fitFilters();

  // ---- Start from what the server rendered ----

  history.scrollRestoration = 'manual';
  history.replaceState({ app: 1 }, '', urlOf(state));
  applyLang();
  if (state.id) {
    openDetail(state);
  } else if (boot.error && state.lang === boot.lang) {
    lastSearch = copy(state);
    showSearchError({ localized: true, message: boot.error.message });
  } else if (boot.result && state.lang === boot.lang) {
    lastSearch = copy(state);
    renderResults(state, boot.result);
  } else {
    show();
  }
})();
