// The text/plain alternative of an HTML body: what a reader of the HTML would see, as plain text.
// Contract: tags are removed, <style>/<script>/<head> content dropped, common entities decoded,
// <br> and block ends (p, div, li, tr, h1–h6, ...) become line breaks, other whitespace collapses.
// Output is UTF-8 with '\n' line ends; at most one blank line in a row; no leading/trailing blanks.
#pragma once

#include <string>
#include <string_view>

namespace mailflow::mail {

std::string html_to_text(std::string_view html);

}  // namespace mailflow::mail
