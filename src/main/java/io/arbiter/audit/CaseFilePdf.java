package io.arbiter.audit;

import java.io.ByteArrayOutputStream;

import com.lowagie.text.Document;
import com.lowagie.text.Element;
import com.lowagie.text.Font;
import com.lowagie.text.PageSize;
import com.lowagie.text.Paragraph;
import com.lowagie.text.Phrase;
import com.lowagie.text.pdf.PdfPCell;
import com.lowagie.text.pdf.PdfPTable;
import com.lowagie.text.pdf.PdfWriter;

import io.arbiter.audit.CaseFileDocument.Block;
import io.arbiter.audit.CaseFileDocument.Fields;
import io.arbiter.audit.CaseFileDocument.Heading;
import io.arbiter.audit.CaseFileDocument.Table;
import io.arbiter.audit.CaseFileDocument.Text;

/**
 * {@code timeline.pdf}: the same content as the HTML page, on A4 pages. It uses the PDF standard fonts, which
 * cover Western European text; characters outside that set are not drawn (the HTML page has them all).
 */
final class CaseFilePdf {

    private static final Font TITLE = new Font(Font.HELVETICA, 16, Font.BOLD);
    private static final Font SUBTITLE = new Font(Font.HELVETICA, 9, Font.ITALIC);
    private static final Font HEADING = new Font(Font.HELVETICA, 12, Font.BOLD);
    private static final Font BODY = new Font(Font.HELVETICA, 9, Font.NORMAL);
    private static final Font LABEL = new Font(Font.HELVETICA, 9, Font.BOLD);

    private CaseFilePdf() {
    }

    static byte[] render(CaseFileDocument content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Document document = new Document(PageSize.A4, 40, 40, 40, 40);
        PdfWriter.getInstance(document, out);
        document.addTitle(content.title());
        document.addCreator("Arbiter");
        document.open();
        document.add(new Paragraph(content.title(), TITLE));
        document.add(new Paragraph(content.subtitle(), SUBTITLE));
        for (Block block : content.blocks()) {
            if (block instanceof Heading heading) {
                Paragraph paragraph = new Paragraph(heading.text(), HEADING);
                paragraph.setSpacingBefore(12);
                paragraph.setSpacingAfter(4);
                document.add(paragraph);
            } else if (block instanceof Text text) {
                document.add(new Paragraph(text.text(), BODY));
            } else if (block instanceof Fields fields) {
                PdfPTable table = table(new float[] {1, 3});
                fields.fields().forEach(field -> {
                    table.addCell(cell(field.label(), LABEL));
                    table.addCell(cell(field.value(), BODY));
                });
                document.add(table);
            } else if (block instanceof Table rows) {
                PdfPTable table = table(widths(rows));
                rows.headers().forEach(header -> table.addCell(cell(header, LABEL)));
                table.setHeaderRows(1);
                rows.rows().forEach(row -> row.forEach(value -> table.addCell(cell(value, BODY))));
                document.add(table);
            }
        }
        document.close();
        return out.toByteArray();
    }

    /** Each column as wide as its longest line of text on average (within limits), so long text gets the room. */
    private static float[] widths(Table rows) {
        float[] widths = new float[rows.headers().size()];
        for (int column = 0; column < widths.length; column++) {
            int index = column;
            double average = rows.rows().stream().mapToInt(row -> longestLine(row.get(index))).average().orElse(0);
            widths[column] = (float) Math.min(60, Math.max(Math.max(8, rows.headers().get(column).length()), average));
        }
        return widths;
    }

    private static int longestLine(String text) {
        return text == null ? 0 : text.lines().mapToInt(String::length).max().orElse(0);
    }

    private static PdfPTable table(float[] widths) {
        PdfPTable table = new PdfPTable(widths);
        table.setWidthPercentage(100);
        table.setSpacingBefore(2);
        table.setSpacingAfter(4);
        return table;
    }

    private static PdfPCell cell(String text, Font font) {
        PdfPCell cell = new PdfPCell(new Phrase(text == null ? "" : text, font));
        cell.setBorderWidth(0.25f);
        cell.setPadding(3);
        cell.setVerticalAlignment(Element.ALIGN_TOP);
        return cell;
    }
}
