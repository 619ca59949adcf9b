package io.qstep.runner.tracking;

import io.qstep.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;

/** A PNG bar chart of shot outcomes (the {@code counts} output), drawn with XChart. */
final class OutcomeHistogram {
  /** Most bars drawn; wider outcome spaces show their most frequent outcomes. */
  static final int MAX_BARS = 32;

  private OutcomeHistogram() {}

  /**
   * @param counts INT64 [rows, 2^bits]: how often each outcome occurred, per row; rows are summed
   * @return PNG bytes
   */
  static byte[] png(Tensor counts) throws IOException {
    long[] flat = counts.toLongArray();
    int rows = (int) counts.dim(0);
    int dim = (int) counts.dim(1);
    int bits = Integer.numberOfTrailingZeros(dim);
    long[] total = new long[dim];
    for (int r = 0; r < rows; r++) {
      for (int i = 0; i < dim; i++) {
        total[i] += flat[r * dim + i];
      }
    }
    List<Integer> shown =
        IntStream.range(0, dim)
            .boxed()
            .filter(i -> dim <= MAX_BARS || total[i] > 0)
            .sorted(Comparator.comparingLong((Integer i) -> -total[i]).thenComparing(i -> i))
            .limit(MAX_BARS)
            .sorted()
            .toList();
    List<String> labels = new ArrayList<>();
    List<Long> values = new ArrayList<>();
    for (int i : shown) {
      String b = Integer.toBinaryString(i);
      labels.add("0".repeat(Math.max(0, bits - b.length())) + b);
      values.add(total[i]);
    }
    CategoryChart chart =
        new CategoryChartBuilder()
            .width(800)
            .height(450)
            .title(
                "Outcome histogram ("
                    + rows
                    + (rows == 1 ? " row" : " rows")
                    + (shown.size() < dim ? ", top " + shown.size() + " of " + dim : "")
                    + ")")
            .xAxisTitle("outcome (clbit n-1 ... 0)")
            .yAxisTitle("count")
            .build();
    chart.getStyler().setLegendVisible(false);
    chart.getStyler().setXAxisLabelRotation(labels.size() > 8 ? 90 : 0);
    chart.addSeries("counts", labels, values);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    // BitmapEncoder's byte/stream writers are deprecated in XChart 4; its image is not.
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png)) {
      throw new IOException("no PNG writer in this JDK");
    }
    return png.toByteArray();
  }
}
