package io.qstep.runner.qpu;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Estimated prices per provider and device, from {@code prices.properties} (sources noted there) or
 * a file of the same format. Immutable.
 */
public final class PriceTable {
  /** USD per task and per shot. */
  public record Price(double perTaskUsd, double perShotUsd) {
    public Price {
      if (!(perTaskUsd >= 0) || !(perShotUsd >= 0)) {
        throw new IllegalArgumentException("prices must be >= 0");
      }
    }

    public double estimate(long tasks, long shots) {
      return tasks * perTaskUsd + shots * perShotUsd;
    }
  }

  private final Map<String, Price> prices;

  public PriceTable(Map<String, Price> prices) {
    Map<String, Price> m = new TreeMap<>();
    prices.forEach((k, v) -> m.put(k.toLowerCase(Locale.ROOT), v));
    this.prices = Map.copyOf(m);
  }

  /** The bundled table. */
  public static PriceTable defaults() {
    try (InputStream in = PriceTable.class.getResourceAsStream("prices.properties")) {
      if (in == null) {
        throw new IllegalStateException("prices.properties missing from the class path");
      }
      Properties p = new Properties();
      p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
      return of(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The table in {@code file}, or the bundled one when {@code file} is null. */
  public static PriceTable load(Path file) {
    if (file == null) {
      return defaults();
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      Properties p = new Properties();
      p.load(r);
      return of(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the price table " + file, e);
    }
  }

  private static PriceTable of(Properties p) {
    Map<String, Price> m = new TreeMap<>();
    for (String k : p.stringPropertyNames()) {
      String[] v = p.getProperty(k).split(",");
      if (v.length != 2) {
        throw new IllegalArgumentException("price " + k + ": expected '<per task>,<per shot>'");
      }
      m.put(k, new Price(Double.parseDouble(v[0].trim()), Double.parseDouble(v[1].trim())));
    }
    return new PriceTable(m);
  }

  /**
   * The price of {@code device} at {@code provider}: the longest matching suffix, else the default.
   */
  public Price price(String provider, String device) {
    String p = provider.toLowerCase(Locale.ROOT) + ".";
    String d = device.toLowerCase(Locale.ROOT);
    Price best = null;
    int bestLen = -1;
    for (Map.Entry<String, Price> e : prices.entrySet()) {
      if (!e.getKey().startsWith(p)) {
        continue;
      }
      String suffix = e.getKey().substring(p.length());
      if (!suffix.equals("*") && d.endsWith(suffix) && suffix.length() > bestLen) {
        best = e.getValue();
        bestLen = suffix.length();
      }
    }
    if (best != null) {
      return best;
    }
    Price dflt = prices.get(p + "*");
    return dflt == null ? new Price(0, 0) : dflt;
  }
}
