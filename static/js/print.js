// Printable notices and receipts: a link that opens the print dialog (no inline scripts: the CSP forbids them).
document.querySelectorAll("[data-print]").forEach(function (link) {
  link.addEventListener("click", function (event) {
    event.preventDefault();
    window.print();
  });
});
