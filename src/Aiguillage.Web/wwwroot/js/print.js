// Comfort only: shows a « Imprimer » button that opens the print dialog, and hides the words that say how to print
// without it. Without JavaScript the page shows only those words (the button stays [hidden]).
document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
    document.querySelectorAll("[data-print-hint]").forEach(function (hint) { hint.hidden = true; });
});
