package io.qstep.runner.tracking;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.function.DoubleUnaryOperator;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * A PNG of zero-noise extrapolation: per observable, the measured values at each noise scale, the
 * fitted curve from scale 0 to the largest scale, and the extrapolated value at 0.
 */
public final class ZnePlot {
  private ZnePlot() {}

  /**
   * One observable's fit.
   *
   * @param label legend name (e.g. the Pauli string)
   * @param scales noise scale factors measured
   * @param values the measured expectation at each scale
   * @param curve the fitted model as a function of the scale
   * @param extrapolated its value at scale 0
   */
  public record Series(
      String label,
      double[] scales,
      double[] values,
      DoubleUnaryOperator curve,
      double extrapolated) {}

  /**
   * @param title chart title (e.g. the extrapolator)
   * @param series at least one
   * @return PNG bytes
   */
  public static byte[] png(String title, List<Series> series) throws IOException {
    XYChart chart =
        new XYChartBuilder()
            .width(800)
            .height(450)
            .title(title)
            .xAxisTitle("noise scale factor λ")
            .yAxisTitle("expectation value")
            .build();
    chart.getStyler().setMarkerSize(7);
    for (Series s : series) {
      double max = 0;
      for (double x : s.scales()) {
        max = Math.max(max, x);
      }
      int points = 60;
      double[] cx = new double[points + 1];
      double[] cy = new double[points + 1];
      for (int i = 0; i <= points; i++) {
        cx[i] = max * i / points;
        cy[i] = s.curve().applyAsDouble(cx[i]);
      }
      XYSeries fit = chart.addSeries(s.label() + " fit", cx, cy);
      fit.setMarker(SeriesMarkers.NONE);
      XYSeries measured = chart.addSeries(s.label() + " measured", s.scales(), s.values());
      measured.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      XYSeries zero =
          chart.addSeries(
              s.label() + " at λ = 0", new double[] {0}, new double[] {s.extrapolated()});
      zero.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
      zero.setMarker(SeriesMarkers.DIAMOND);
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    // BitmapEncoder's byte/stream writers are deprecated in XChart 4; its image is not.
    if (!ImageIO.write(BitmapEncoder.getBufferedImage(chart), "png", png)) {
      throw new IOException("no PNG writer in this JDK");
    }
    return png.toByteArray();
  }
}
