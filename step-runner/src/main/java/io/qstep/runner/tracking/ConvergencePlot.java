package io.qstep.runner.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;

/** A PNG line chart of an optimizer's objective per evaluation (the {@code trace} output). */
final class ConvergencePlot {
  private ConvergencePlot() {}

  /**
   * @param trace the objective at each evaluation, in order
   * @return PNG bytes
   */
  static byte[] png(double[] trace) throws IOException {
    double[] x = new double[trace.length];
    for (int i = 0; i < trace.length; i++) {
      x[i] = i;
    }
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(450)
            .title("Optimizer convergence (" + trace.length + " evaluations)")
            .xAxisTitle("evaluation")
            .yAxisTitle("objective")
            .build();
    chart.getStyler().setMarkerSize(3);
    chart.getStyler().setLegendVisible(false);
    chart.addSeries("objective", x, trace);
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    // BitmapEncoder's byte/stream writers are deprecated in XChart 4; its image is not.
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png)) {
      throw new IOException("no PNG writer in this JDK");
    }
    return png.toByteArray();
  }
}
