// Long tables of the book (chapter_setup.show marks them data-paged): searchable and paged in the page,
// with DataTables from itables' offline bundle (copied into _static by govtext_reader). Every row is in
// the HTML, so without JavaScript, or when printing, the table is shown whole.
import DataTable from "./dt_bundle.js";

const PAGE = 10;

function enhance() {
  if (window.matchMedia && window.matchMedia("print").matches) return;
  document.querySelectorAll(".govtext-table table[data-paged]").forEach((table) => {
    if (table.classList.contains("dataTable")) return;
    const target = location.hash ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    const row = target && target.tagName === "TR" && table.contains(target) ? target : null;
    const dt = new DataTable(table, {
      pageLength: PAGE,
      lengthMenu: [[PAGE, 25, 100, -1], [PAGE, 25, 100, "all"]],
      order: [],
      autoWidth: false,
      language: { search: "Filter:", lengthMenu: "_MENU_ rows per page" },
    });
    if (row) {  // a link to one row (e.g. a glossary entry): show the table filtered to it
      dt.search(row.cells[0].textContent.trim()).draw();
      row.scrollIntoView({ block: "center" });
    }
  });
}

if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", enhance);
else enhance();
