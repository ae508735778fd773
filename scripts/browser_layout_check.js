// The layout checks of scripts/browser_test.py, run in each page at each width (see its docstring).
// Returns {problems: [text...], external: [href of header buttons that leave the site]}.
async ({minLabel, narrow}) => {
  const problems = [];
  const article = document.querySelector("article.bd-article") || document.querySelector("main") || document.body;
  const column = article.getBoundingClientRect();
  const name = (el) => {
    const cap = el.closest("figure")?.querySelector("figcaption")?.textContent
      || el.querySelector?.("th")?.textContent || el.getAttribute?.("src") || el.tagName;
    return cap.trim().replace(/\s+/g, " ").slice(0, 60);
  };
  if (document.documentElement.scrollWidth > window.innerWidth + 1) {
    problems.push(`the page scrolls sideways (${document.documentElement.scrollWidth} px wide)`);
  }
  const scroller = (el) => {
    for (let p = el.parentElement; p && p !== article; p = p.parentElement) {
      const o = getComputedStyle(p).overflowX;
      if (o === "auto" || o === "scroll") return p;
    }
    return null;
  };
  for (const table of article.querySelectorAll("table")) {
    if (table.closest(".highlight, .dt-scroll-head, .dt-scroll-foot") || table.offsetParent === null) continue;
    const box = scroller(table);
    const width = table.getBoundingClientRect().width;
    if (box) {
      const b = box.getBoundingClientRect();
      if (b.right > column.right + 1 || b.left < column.left - 1) problems.push(`table "${name(table)}": its scroll box is wider than the column`);
      if (!narrow && width > box.clientWidth + 1) problems.push(`table "${name(table)}" is wider than its column (${Math.round(width)} > ${box.clientWidth} px)`);
    } else if (width > column.width + 1) {
      problems.push(`table "${name(table)}" is wider than its column (${Math.round(width)} > ${Math.round(column.width)} px)`);
    }
    for (const cell of table.querySelectorAll("td")) {
      const text = cell.textContent.trim();
      const em = parseFloat(getComputedStyle(cell).fontSize) || 16;
      const inner = cell.clientWidth - parseFloat(getComputedStyle(cell).paddingLeft) - parseFloat(getComputedStyle(cell).paddingRight);
      if (text.length >= 8 && inner < 2.6 * em && cell.offsetHeight > 4 * em) {
        problems.push(`table "${name(table)}": a column is squeezed to ${Math.round(inner)} px ("${text.slice(0, 12)}...")`);
        break;
      }
    }
  }
  for (const img of article.querySelectorAll("img")) {
    if (img.offsetParent === null) continue;
    const alt = (img.getAttribute("alt") || "").trim();
    if (!alt) problems.push(`image ${img.getAttribute("src")} has no alt text`);
    else if (/\.(png|svg|jpe?g|gif|webp)$/i.test(alt) || /(^|\/)_images\//.test(alt) || /^[\w.\/-]+$/.test(alt) && alt.includes("/")) {
      problems.push(`image ${img.getAttribute("src")}: its alt text is a file path (${alt.slice(0, 50)})`);
    }
    const shown = img.getBoundingClientRect().width;
    if (!img.closest("figure") && shown < 40) continue;  // icons and logos
    const box = scroller(img);
    const limit = box ? box.getBoundingClientRect() : column;
    if (!box && shown > column.width + 1) problems.push(`figure "${name(img)}" is wider than its column`);
    if (box && (limit.right > column.right + 1)) problems.push(`figure "${name(img)}": its scroll box is wider than the column`);
    const src = img.currentSrc || img.src;
    if (/\.svg($|\?)/i.test(src)) {
      const svg = new DOMParser().parseFromString(await (await fetch(src)).text(), "image/svg+xml");
      const root = svg.documentElement;
      const vb = (root.getAttribute("viewBox") || "").split(/[\s,]+/).map(Number);
      const units = vb.length === 4 && vb[2] > 0 ? vb[2] : parseFloat(root.getAttribute("width"));
      const sizes = Array.from(svg.querySelectorAll("text")).map((t) => {
        const m = /font-size:\s*([\d.]+)/.exec(t.getAttribute("style") || "") || [null, t.getAttribute("font-size")];
        return parseFloat(m[1]);
      }).filter((x) => x > 0);
      if (sizes.length && units > 0) {
        const px = Math.min(...sizes) * shown / units;
        if (px < minLabel) problems.push(`figure "${name(img)}": labels are ${px.toFixed(1)} px (under ${minLabel} px)`);
      } else if (svg.querySelectorAll("path").length && !svg.querySelectorAll("text").length) {
        problems.push(`figure "${name(img)}": an SVG with text as paths: its label size cannot be checked`);
      }
    } else if (img.closest("figure") && img.naturalWidth < 1.95 * shown) {
      problems.push(`figure "${name(img)}": a bitmap stored at ${img.naturalWidth} px for ${Math.round(shown)} px shown (needs twice)`);
    }
  }
  if (!narrow) {
    const visible = (el) => el.offsetParent !== null && el.getBoundingClientRect().width > 0;
    const boxes = Array.from(document.querySelectorAll(".search-button-field, .search-button, #searchbox input, input[type=search]"))
      .filter(visible).filter((el) => !el.closest("#pst-search-dialog, .dt-container"));
    if (boxes.length > 1) problems.push(`${boxes.length} search boxes on the page`);
  }
  const external = Array.from(document.querySelectorAll(".article-header-buttons a[href], .header-article-items a[href]"))
    .map((a) => a.href).filter((h) => /^https?:/.test(h) && !h.startsWith(location.origin));
  return {problems, external: Array.from(new Set(external))};
}
