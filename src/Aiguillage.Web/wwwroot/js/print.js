// Comfort only: shows a « Imprimer » button that opens the print dialog. Without JavaScript the page says how to print.
document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
});
