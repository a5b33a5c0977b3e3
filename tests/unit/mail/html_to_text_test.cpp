#include "mail/html_to_text.hpp"

#include <gtest/gtest.h>

using mailflow::mail::html_to_text;

TEST(HtmlToText, StripsTagsAndCollapsesWhitespace) {
  EXPECT_EQ(html_to_text("<b>Hello</b>   <i>world</i>\n  again"), "Hello world again");
  EXPECT_EQ(html_to_text("plain text"), "plain text");
  EXPECT_EQ(html_to_text(""), "");
}

TEST(HtmlToText, LineBreaksForBrAndBlocks) {
  EXPECT_EQ(html_to_text("one<br>two<br/>three<BR />four"), "one\ntwo\nthree\nfour");
  EXPECT_EQ(html_to_text("<p>first</p><p>second</p>"), "first\n\nsecond");
  EXPECT_EQ(html_to_text("<div>a</div><div>b</div>"), "a\nb");
  EXPECT_EQ(html_to_text("<h1>Title</h1>text"), "Title\n\ntext");
  EXPECT_EQ(html_to_text("<ul><li>x</li><li>y</li></ul>"), "- x\n- y");
  EXPECT_EQ(html_to_text("<table><tr><td>a</td><td>b</td></tr><tr><td>c</td></tr></table>"),
            "a b\nc");
}

TEST(HtmlToText, DropsStyleScriptHeadAndComments) {
  EXPECT_EQ(
      html_to_text("<html><head><title>T</title><style>p { color: red }</style></head>"
                   "<body><script>alert('x<y')</script>Body<!-- hidden --> text</body></html>"),
      "Body text");
  EXPECT_EQ(html_to_text("<STYLE type=\"text/css\">.a{}</STYLE>ok"), "ok");
}

TEST(HtmlToText, DecodesEntities) {
  EXPECT_EQ(html_to_text("a &amp; b &lt;c&gt; &quot;d&quot; &#39;e&#39; &apos;"),
            "a & b <c> \"d\" 'e' '");
  EXPECT_EQ(html_to_text("&#20320;&#x597D; &euro;5 &copy; x&nbsp;y"), "你好 €5 © x y");
  EXPECT_EQ(html_to_text("AT&T &unknown; & done"), "AT&T &unknown; & done");
}

TEST(HtmlToText, KeepsUtf8) { EXPECT_EQ(html_to_text("<p>你好，世界</p>"), "你好，世界"); }
