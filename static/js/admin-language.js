// The admin's language menu switches as soon as a language is chosen (a static
// file rather than an onchange attribute, which the Content-Security-Policy blocks).
document.addEventListener("DOMContentLoaded", () => {
  const select = document.getElementById("admin-language-select");
  if (select) {
    select.addEventListener("change", () => select.form.submit());
  }
});
