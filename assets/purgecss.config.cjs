// Bootstrap Italia's style sheet (612 KB) trimmed to the selectors our pages can use:
// PurgeCSS keeps a rule when one of its class, id or element names occurs as a word in
// the templates, in the Python that sets widget classes, or in the bundled script
// (which holds the classes it adds: "expanded", "show"...). Run by `make install`.
module.exports = {
  content: [
    "templates/**/*.html",
    "*/templates/**/*.html",
    "{core,partnerships,ulg,iap,cities4csr}/**/*.py",
    "static/js/*.js",
    "static/vendor/bootstrap-italia/js/public.min.js",
  ],
  css: ["node_modules/bootstrap-italia/dist/css/bootstrap-italia.min.css"],
  output: "static/vendor/bootstrap-italia/css/",
  // Custom properties are cheap and often read indirectly; @font-face is in fonts.css.
  variables: false,
  fontFace: true,
  keyframes: true,
  safelist: {
    // Built in templates from a variable: alert-{{ message.level_tag }}. And selectors
    // that start with a pseudo-class, which PurgeCSS would drop whatever the content:
    // among them Bootstrap Italia's keyboard focus ring, :focus:not([data-focus-mouse]).
    standard: [/^alert-/, /^:/],
    // Elements Django's form widgets render (not in our templates' text).
    greedy: [/^(input|select|textarea|option|label|fieldset|legend)\b/],
  },
};
