// The public pages' only scripts: Bootstrap Italia's init (focus tracking: no focus
// ring after a mouse click) and its collapsible main menu (the phone and tablet menu
// behind the burger button, data-bs-toggle="navbarcollapsible"). esbuild bundles them
// from node_modules into static/vendor/ at `make install`; the full bundle (video
// player, carousel, Popper...) weighed 1 MB for this. A template that starts using
// another component (accordion, dropdown...) adds its plugin here.
import "bootstrap-italia/dist/plugins/init.js";
import NavBarCollapsible from "bootstrap-italia/dist/plugins/navbar-collapsible.js";

// Bootstrap Italia's package marks its plugins free of side effects, so a bare import
// would be dropped; using the class keeps the module and its click handler. The name is
// the one the full bundle gives it.
window.bootstrap = { NavBarCollapsible };
