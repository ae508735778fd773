// The search page (govtext_reader): two changes to Sphinx 7.4's searchtools.js, made before it runs.
// 1. All-digit words are searched (Sphinx drops /^\d+$/ query words, so "13710" found nothing although
//    the index holds it). The rest of _parseQuery is Sphinx's own.
// 2. The snippet under a result is taken from the page's prose: code cells, outputs, tables, figures and
//    captions are removed before the text around the match is cut out.
(() => {
  if (typeof Search === "undefined") return;

  Search._parseQuery = (query) => {
    const stemmer = new Stemmer();
    const searchTerms = new Set();
    const excludedTerms = new Set();
    const highlightTerms = new Set();
    const objectTerms = new Set(splitQuery(query.toLowerCase().trim()));
    splitQuery(query.trim()).forEach((queryTerm) => {
      const queryTermLower = queryTerm.toLowerCase();
      if (stopwords.indexOf(queryTermLower) !== -1) return;
      const word = /^\d+$/.test(queryTermLower) ? queryTermLower : stemmer.stemWord(queryTermLower);
      if (word[0] === "-") excludedTerms.add(word.substr(1));
      else {
        searchTerms.add(word);
        highlightTerms.add(queryTermLower);
      }
    });
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED) {
      localStorage.setItem("sphinx_highlight_terms", [...highlightTerms].join(" "));
    }
    return [query, searchTerms, excludedTerms, highlightTerms, objectTerms];
  };

  const NOT_PROSE = [
    ".headerlink", "script", "style", ".cell_input", ".cell_output", "div.highlight", "pre", "table",
    ".govtext-table", "figure", ".MathJax", "mjx-container", ".toctree-wrapper", "nav",
  ];
  Search.htmlToText = (htmlString, anchor) => {
    const doc = new DOMParser().parseFromString(htmlString, "text/html");
    for (const selector of NOT_PROSE) doc.querySelectorAll(selector).forEach((el) => el.remove());
    const scope = (anchor && doc.querySelector(`[role="main"] ${anchor}`)) || doc.querySelector('[role="main"]');
    return scope ? scope.textContent.replace(/\s+/g, " ") : "";
  };
})();
