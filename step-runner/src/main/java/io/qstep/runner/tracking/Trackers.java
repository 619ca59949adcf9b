package io.qstep.runner.tracking;

import java.io.IOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the tracker a configuration asks for. */
public final class Trackers {
  private static final Logger LOG = LoggerFactory.getLogger(Trackers.class);

  private Trackers() {}

  /**
   * The tracker for {@code c}: none when disabled; an MLflow server (with a spool) for http(s)
   * URIs; the local file store otherwise. A configuration that cannot work (an unsupported URI
   * scheme, an unwritable directory) gives a tracker that puts the reason on every result as a
   * warning: the steps still run.
   */
  public static Tracker create(TrackingConfig c) {
    if (!c.enabled()) {
      return Tracker.noop();
    }
    String scheme = c.scheme();
    if (!(scheme.isEmpty() || scheme.equals("file") || c.remote())) {
      String w =
          "tracking: MLFLOW_TRACKING_URI scheme '"
              + scheme
              + "' is not supported (use http, https, file or a path); runs are not logged";
      LOG.warn(w);
      return Tracker.failing(w);
    }
    if (c.remote()) {
      Spool spool;
      try {
        spool = new Spool(c.spoolDir());
      } catch (IOException | RuntimeException e) {
        String w =
            "tracking: spool directory "
                + c.spoolDir().toAbsolutePath()
                + " is unusable ("
                + e.getMessage()
                + "); runs are not logged";
        LOG.warn(w);
        return Tracker.failing(w);
      }
      LOG.info("tracking: {}", c);
      return new AsyncTracker(new MlflowRestSink(c), spool, c);
    }
    try {
      Files.createDirectories(c.fileStoreDir());
      if (!Files.isWritable(c.fileStoreDir())) {
        throw new IOException("not writable");
      }
    } catch (IOException | RuntimeException e) {
      String w =
          "tracking: file store "
              + c.fileStoreDir().toAbsolutePath()
              + " is unusable ("
              + e.getMessage()
              + "); runs are not logged";
      LOG.warn(w);
      return Tracker.failing(w);
    }
    // One writer: the file store is plain files, and a disk takes a burst without help.
    return new AsyncTracker(new FileStoreSink(c.fileStoreDir()), null, c.withThreads(1));
  }
}
