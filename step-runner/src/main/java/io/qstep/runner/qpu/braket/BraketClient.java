package io.qstep.runner.qpu.braket;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.qstep.circuit.Circuit;
import io.qstep.circuit.Measurement;
import io.qstep.runner.qpu.CircuitAdapter;
import io.qstep.runner.qpu.DeviceInfo;
import io.qstep.runner.qpu.GateModelClient;
import io.qstep.runner.qpu.JobOps;
import io.qstep.runner.qpu.ProviderException;
import io.qstep.runner.qpu.ProviderJob;
import io.qstep.runner.qpu.QpuCalibration;
import io.qstep.runner.transpile.PhysicalQasm;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.braket.model.CancelQuantumTaskRequest;
import software.amazon.awssdk.services.braket.model.CreateQuantumTaskRequest;
import software.amazon.awssdk.services.braket.model.DeviceStatus;
import software.amazon.awssdk.services.braket.model.GetDeviceResponse;
import software.amazon.awssdk.services.braket.model.GetQuantumTaskResponse;
import software.amazon.awssdk.services.braket.model.QuantumTaskSummary;
import software.amazon.awssdk.services.braket.model.SearchDevicesRequest;
import software.amazon.awssdk.services.braket.model.SearchQuantumTasksFilter;
import software.amazon.awssdk.services.braket.model.SearchQuantumTasksFilterOperator;
import software.amazon.awssdk.services.braket.model.SearchQuantumTasksRequest;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An Amazon Braket client on the AWS SDK. Thread-safe. The SDK's own retries are off: the QPU
 * executor retries what is safe to retry and reconciles submissions by client token.
 */
public final class BraketClient implements GateModelClient {
  /** Tag carrying qstep's client token on every task (what a lookup searches for). */
  public static final String TOKEN_TAG = "qstep-client-token";

  /**
   * @param bucket S3 bucket for results
   * @param prefix key prefix for results
   * @param region AWS region of the device
   * @param braketEndpoint endpoint override (tests), or null
   * @param s3Endpoint endpoint override (tests; path-style access), or null
   * @param timeout per-call timeout
   */
  public record Settings(
      String bucket,
      String prefix,
      String region,
      URI braketEndpoint,
      URI s3Endpoint,
      Duration timeout) {
    public Settings {
      Objects.requireNonNull(bucket, "bucket");
      prefix = prefix == null ? "" : prefix;
      region = region == null || region.isBlank() ? "us-east-1" : region;
    }
  }

  private final Settings settings;
  private final software.amazon.awssdk.services.braket.BraketClient braket;
  private final S3Client s3;
  private final Supplier<List<String>> secrets;

  public BraketClient(Settings settings, AwsCredentialsProvider credentials) {
    this.settings = settings;
    var braketB =
        software.amazon.awssdk.services.braket.BraketClient.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(
                c -> c.retryStrategy(b -> b.maxAttempts(1)).apiCallTimeout(settings.timeout()));
    if (settings.braketEndpoint() != null) {
      braketB.endpointOverride(settings.braketEndpoint());
    }
    this.braket = braketB.build();
    var s3B =
        S3Client.builder()
            .region(Region.of(settings.region()))
            .credentialsProvider(credentials)
            .httpClientBuilder(UrlConnectionHttpClient.builder())
            .overrideConfiguration(
                c -> c.retryStrategy(b -> b.maxAttempts(1)).apiCallTimeout(settings.timeout()));
    if (settings.s3Endpoint() != null) {
      s3B.endpointOverride(settings.s3Endpoint()).forcePathStyle(true);
    }
    this.s3 = s3B.build();
    this.secrets =
        () -> {
          try {
            var c = credentials.resolveCredentials();
            return List.of(c.accessKeyId(), c.secretAccessKey());
          } catch (RuntimeException e) {
            return List.of();
          }
        };
  }

  @Override
  public String provider() {
    return "braket";
  }

  @Override
  public List<String> devices() {
    return call(
        "SearchDevices",
        () ->
            braket
                .searchDevices(SearchDevicesRequest.builder().filters(List.of()).build())
                .devices()
                .stream()
                .map(d -> d.deviceArn())
                .toList());
  }

  private GetDeviceResponse getDevice(String arn) {
    return call("GetDevice", () -> braket.getDevice(b -> b.deviceArn(arn)));
  }

  @Override
  public DeviceInfo device(String arn) {
    GetDeviceResponse d = getDevice(arn);
    JsonObject caps = JsonParser.parseString(d.deviceCapabilities()).getAsJsonObject();
    JsonObject paradigm = obj(caps, "paradigm");
    int qubits = paradigm.has("qubitCount") ? paradigm.get("qubitCount").getAsInt() : 0;
    Set<String> gates = new HashSet<>();
    if (paradigm.has("nativeGateSet")) {
      paradigm
          .getAsJsonArray("nativeGateSet")
          .forEach(g -> gates.add(g.getAsString().toLowerCase(Locale.ROOT)));
    }
    List<int[]> coupling = new ArrayList<>();
    JsonObject conn = obj(paradigm, "connectivity");
    boolean full = !conn.has("fullyConnected") || conn.get("fullyConnected").getAsBoolean();
    if (!full && conn.has("connectivityGraph")) {
      // Braket numbers qubits as the device does (IQM from 1); physical $k is that number
      for (Map.Entry<String, JsonElement> e :
          conn.getAsJsonObject("connectivityGraph").entrySet()) {
        int a = Integer.parseInt(e.getKey());
        for (JsonElement b : e.getValue().getAsJsonArray()) {
          coupling.add(new int[] {a, Integer.parseInt(b.getAsString())});
        }
      }
      for (int[] e : coupling) {
        qubits = Math.max(qubits, Math.max(e[0], e[1]) + 1);
      }
    }
    long maxShots = 0;
    JsonObject service = obj(caps, "service");
    if (service.has("shotsRange")) {
      maxShots = service.getAsJsonArray("shotsRange").get(1).getAsLong();
    }
    return new DeviceInfo(
        d.deviceArn(),
        d.providerName() + "/" + d.deviceName(),
        qubits,
        gates,
        coupling,
        d.deviceStatus() == DeviceStatus.ONLINE,
        d.deviceStatusAsString(),
        maxShots);
  }

  @Override
  public QpuCalibration calibration(String arn) {
    GetDeviceResponse d = getDevice(arn);
    JsonObject caps = JsonParser.parseString(d.deviceCapabilities()).getAsJsonObject();
    JsonObject std = obj(caps, "standardized");
    if (std.size() == 0) {
      return QpuCalibration.NONE;
    }
    String updated = str(obj(caps, "service"), "updatedAt");
    long ts = 0;
    try {
      ts = updated.isEmpty() ? 0 : Instant.parse(updated).toEpochMilli();
    } catch (RuntimeException e) {
      ts = 0;
    }
    return new QpuCalibration(d.deviceName() + "@" + updated, ts, std.toString());
  }

  /** The device's raw capabilities document (for calibration importers). */
  public JsonObject capabilities(String arn) {
    return JsonParser.parseString(getDevice(arn).deviceCapabilities()).getAsJsonObject();
  }

  @Override
  public String program(CircuitAdapter.Adapted circuit) {
    if (circuit.transpiled() == null) {
      throw new IllegalArgumentException("Braket programs are written from transpiled circuits");
    }
    return PhysicalQasm.write(circuit.transpiled(), PhysicalQasm.Dialect.BRAKET);
  }

  @Override
  public JobOps<long[]> job(String device, CircuitAdapter.Adapted adapted, long shots) {
    String source = program(adapted);
    Circuit c = adapted.circuit();
    return new JobOps<>() {
      @Override
      public String submit(String clientToken) {
        JsonObject action = new JsonObject();
        JsonObject header = new JsonObject();
        header.addProperty("name", "braket.ir.openqasm.program");
        header.addProperty("version", "1");
        action.add("braketSchemaHeader", header);
        action.addProperty("source", source);
        action.add("inputs", new JsonObject());
        CreateQuantumTaskRequest req =
            CreateQuantumTaskRequest.builder()
                .action(action.toString())
                .clientToken(clientToken)
                .deviceArn(device)
                .outputS3Bucket(settings.bucket())
                .outputS3KeyPrefix(settings.prefix())
                .shots(shots)
                .tags(Map.of(TOKEN_TAG, clientToken))
                .build();
        return call("CreateQuantumTask", () -> braket.createQuantumTask(req).quantumTaskArn());
      }

      @Override
      public Optional<String> lookup(String clientToken) {
        SearchQuantumTasksRequest req =
            SearchQuantumTasksRequest.builder()
                .filters(
                    SearchQuantumTasksFilter.builder()
                        .name("deviceArn")
                        .operator(SearchQuantumTasksFilterOperator.EQUAL)
                        .values(device)
                        .build())
                .maxResults(100)
                .build();
        for (QuantumTaskSummary t :
            call("SearchQuantumTasks", () -> braket.searchQuantumTasks(req).quantumTasks())) {
          if (clientToken.equals(t.tags().get(TOKEN_TAG))) {
            return Optional.of(t.quantumTaskArn());
          }
        }
        return Optional.empty();
      }

      @Override
      public ProviderJob status(String arn) {
        GetQuantumTaskResponse t = task(arn);
        ProviderJob.State s =
            switch (t.statusAsString() == null ? "" : t.statusAsString()) {
              case "COMPLETED" -> ProviderJob.State.COMPLETED;
              case "FAILED" -> ProviderJob.State.FAILED;
              case "CANCELLED" -> ProviderJob.State.CANCELLED;
              case "RUNNING" -> ProviderJob.State.RUNNING;
              default -> ProviderJob.State.QUEUED; // CREATED, QUEUED, CANCELLING
            };
        long created = t.createdAt() == null ? 0 : t.createdAt().toEpochMilli();
        long ended = t.endedAt() == null ? 0 : t.endedAt().toEpochMilli();
        return new ProviderJob(arn, s, t.failureReason(), created, 0, ended, -1);
      }

      @Override
      public long[] fetch(String arn) {
        GetQuantumTaskResponse t = task(arn);
        String key = t.outputS3Directory() + "/results.json";
        String body =
            call(
                "S3 GetObject",
                () ->
                    s3.getObjectAsBytes(b -> b.bucket(t.outputS3Bucket()).key(key)).asUtf8String());
        return samples(JsonParser.parseString(body).getAsJsonObject(), c, shots);
      }

      @Override
      public void cancel(String arn) {
        call(
            "CancelQuantumTask",
            () ->
                braket.cancelQuantumTask(
                    CancelQuantumTaskRequest.builder()
                        .quantumTaskArn(arn)
                        .clientToken("cancel-" + Integer.toHexString(arn.hashCode()))
                        .build()));
      }
    };
  }

  private GetQuantumTaskResponse task(String arn) {
    return call("GetQuantumTask", () -> braket.getQuantumTask(b -> b.quantumTaskArn(arn)));
  }

  /**
   * Outcomes from a gate-model task result: {@code measurements} (one row per shot, column k =
   * {@code measuredQubits[k]}) mapped through the circuit's measurements to classical bits; when
   * only {@code measurementProbabilities} came back, {@code round(p · shots)} outcomes per
   * bitstring in sorted order (documented: such devices give no per-shot data).
   */
  static long[] samples(JsonObject result, Circuit c, long shots) {
    Map<Integer, Integer> qubitToClbit = new TreeMap<>();
    for (Measurement m : c.measurements()) {
      qubitToClbit.put(m.qubit(), m.clbit());
    }
    JsonArray measured =
        result.has("measuredQubits") ? result.getAsJsonArray("measuredQubits") : null;
    if (result.has("measurements") && measured != null) {
      JsonArray rows = result.getAsJsonArray("measurements");
      long[] out = new long[rows.size()];
      for (int s = 0; s < out.length; s++) {
        JsonArray row = rows.get(s).getAsJsonArray();
        out[s] = pack(row, measured, qubitToClbit);
      }
      return out;
    }
    if (result.has("measurementProbabilities") && measured != null) {
      List<Long> outs = new ArrayList<>();
      Map<String, JsonElement> probs =
          new TreeMap<>(result.getAsJsonObject("measurementProbabilities").asMap());
      for (Map.Entry<String, JsonElement> e : probs.entrySet()) {
        long n = Math.round(e.getValue().getAsDouble() * shots);
        JsonArray row = new JsonArray();
        for (char ch : e.getKey().toCharArray()) {
          row.add(ch - '0');
        }
        long v = pack(row, measured, qubitToClbit);
        for (long i = 0; i < n; i++) {
          outs.add(v);
        }
      }
      return outs.stream().mapToLong(Long::longValue).toArray();
    }
    throw new ProviderException(
        ProviderException.Kind.REJECTED, 0, -1, "braket: results.json has no measurements");
  }

  private static long pack(JsonArray row, JsonArray measured, Map<Integer, Integer> qubitToClbit) {
    long v = 0;
    for (int k = 0; k < row.size(); k++) {
      Integer clbit = qubitToClbit.get(measured.get(k).getAsInt());
      if (clbit != null && row.get(k).getAsInt() != 0) {
        v |= 1L << clbit;
      }
    }
    return v;
  }

  /** Runs an SDK call, classifying its failures; messages never carry credentials. */
  private <T> T call(String what, Supplier<T> body) {
    try {
      return body.get();
    } catch (SdkServiceException e) {
      int status = e.statusCode();
      String code =
          e instanceof AwsServiceException a
                  && a.awsErrorDetails() != null
                  && a.awsErrorDetails().errorCode() != null
              ? a.awsErrorDetails().errorCode()
              : "";
      String msg =
          redact(
              "braket: "
                  + what
                  + " returned HTTP "
                  + status
                  + " "
                  + code
                  + ": "
                  + (e instanceof AwsServiceException a && a.awsErrorDetails() != null
                      ? a.awsErrorDetails().errorMessage()
                      : ""));
      ProviderException.Kind kind;
      if (status == 401
          || status == 403
          || code.contains("UnrecognizedClient")
          || code.contains("InvalidSignature")
          || code.contains("AccessDenied")) {
        kind = ProviderException.Kind.AUTH;
      } else if (status == 404 || code.contains("NotFound") || code.equals("NoSuchKey")) {
        kind = ProviderException.Kind.NOT_FOUND;
      } else if (status == 429 || status >= 500 || code.contains("Throttl")) {
        kind = ProviderException.Kind.TRANSIENT;
      } else {
        kind = ProviderException.Kind.REJECTED;
      }
      throw new ProviderException(kind, status, -1, msg);
    } catch (SdkClientException e) {
      String m = String.valueOf(e.getMessage());
      if (m.contains("Unable to load credentials")) {
        throw new ProviderException(
            ProviderException.Kind.AUTH,
            0,
            -1,
            "braket: no AWS credentials were found by the default credential chain");
      }
      throw ProviderException.transientFailure(redact("braket: " + what + " failed: " + m));
    } catch (SdkException e) {
      throw ProviderException.transientFailure(
          redact("braket: " + what + " failed: " + e.getMessage()));
    }
  }

  private String redact(String s) {
    String out = s;
    for (String secret : secrets.get()) {
      if (secret != null && secret.length() >= 4) {
        out = out.replace(secret, "***");
      }
    }
    return out;
  }

  private static JsonObject obj(JsonObject o, String k) {
    return o != null && o.has(k) && o.get(k).isJsonObject()
        ? o.getAsJsonObject(k)
        : new JsonObject();
  }

  private static String str(JsonObject o, String k) {
    JsonElement e = o == null ? null : o.get(k);
    return e == null || e.isJsonNull() ? "" : e.getAsString();
  }

  @Override
  public void close() {
    braket.close();
    s3.close();
  }
}
