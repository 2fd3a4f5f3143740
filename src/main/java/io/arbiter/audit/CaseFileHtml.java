package io.arbiter.audit;

import java.nio.charset.StandardCharsets;

import org.springframework.web.util.HtmlUtils;

import io.arbiter.audit.CaseFileDocument.Block;
import io.arbiter.audit.CaseFileDocument.Fields;
import io.arbiter.audit.CaseFileDocument.Heading;
import io.arbiter.audit.CaseFileDocument.Table;
import io.arbiter.audit.CaseFileDocument.Text;

/** {@code timeline.html}: one self-contained page (no scripts, no outside resources) that any browser opens. */
final class CaseFileHtml {

    private CaseFileHtml() {
    }

    static byte[] render(CaseFileDocument document) {
        StringBuilder html = new StringBuilder("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <title>%s</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; color: #1a1a1a; }
                h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
                table { border-collapse: collapse; width: 100%%; margin: .5rem 0; }
                th, td { text-align: left; vertical-align: top; padding: .3rem .5rem; border-bottom: 1px solid #eee; }
                td { white-space: pre-wrap; } dl { display: grid; grid-template-columns: 16rem 1fr; gap: .2rem 1rem; }
                dt { font-weight: 600; } dd { margin: 0; white-space: pre-wrap; } .subtitle { color: #555; }
                </style>
                </head>
                <body>
                """.formatted(escape(document.title())));
        html.append("<h1>").append(escape(document.title())).append("</h1>\n");
        html.append("<p class=\"subtitle\">").append(escape(document.subtitle())).append("</p>\n");
        for (Block block : document.blocks()) {
            if (block instanceof Heading heading) {
                html.append("<h2>").append(escape(heading.text())).append("</h2>\n");
            } else if (block instanceof Text text) {
                html.append("<p>").append(escape(text.text())).append("</p>\n");
            } else if (block instanceof Fields fields) {
                html.append("<dl>\n");
                fields.fields().forEach(field -> html.append("<dt>").append(escape(field.label()))
                        .append("</dt><dd>").append(escape(field.value())).append("</dd>\n"));
                html.append("</dl>\n");
            } else if (block instanceof Table table) {
                html.append("<table>\n<thead><tr>");
                table.headers().forEach(header -> html.append("<th>").append(escape(header)).append("</th>"));
                html.append("</tr></thead>\n<tbody>\n");
                table.rows().forEach(row -> {
                    html.append("<tr>");
                    row.forEach(cell -> html.append("<td>").append(escape(cell)).append("</td>"));
                    html.append("</tr>\n");
                });
                html.append("</tbody>\n</table>\n");
            }
        }
        html.append("</body>\n</html>\n");
        return html.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String escape(String text) {
        return text == null ? "" : HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
    }
}
