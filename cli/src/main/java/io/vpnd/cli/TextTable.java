package io.vpnd.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * A plain-text table: a header row and columns padded to their widest cell, two spaces apart,
 * numeric columns right-aligned, no trailing blanks. Nothing fancier, so that awk and cut still work
 * on the output columns whose values contain no spaces.
 */
final class TextTable {

    private final String[] headers;
    private final boolean[] rightAligned;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(String... headers) {
        this.headers = headers;
        this.rightAligned = new boolean[headers.length];
    }

    /** Right-aligns the named columns (numbers, sizes). */
    TextTable alignRight(String... columns) {
        for (String column : columns) {
            rightAligned[List.of(headers).indexOf(column)] = true;
        }
        return this;
    }

    TextTable row(String... cells) {
        if (cells.length != headers.length) {
            throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
        }
        rows.add(cells);
        return this;
    }

    String render() {
        int[] widths = new int[headers.length];
        for (int c = 0; c < headers.length; c++) {
            widths[c] = headers[c].length();
            for (String[] row : rows) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.length; c++) {
            if (c > 0) {
                line.append("  ");
            }
            String pad = " ".repeat(widths[c] - cells[c].length());
            line.append(rightAligned[c] ? pad + cells[c] : cells[c] + pad);
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
