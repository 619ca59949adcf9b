# qstep step-runner image: multi-stage (Maven build -> JRE runtime), non-root, read-only-root ready.
#   docker build -t qstep/step-runner:0.1.0 .
#   docker run --read-only --tmpfs /tmp -p 50051:50051 qstep/step-runner:0.1.0
# The entry command is the one the tests run (`java -jar step-runner/target/qstep-step-runner.jar`,
# classpath in target/lib); DockerfileIT checks every path below against the Maven build output.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
# poms first: the dependency layer is rebuilt only when a pom changes
COPY pom.xml ./
COPY proto/pom.xml proto/pom.xml
COPY sdk/pom.xml sdk/pom.xml
COPY step-runner/pom.xml step-runner/pom.xml
COPY bench/pom.xml bench/pom.xml
RUN mvn -q -B -ntp dependency:go-offline -pl step-runner -am || true
COPY proto proto
COPY sdk sdk
COPY step-runner step-runner
RUN mvn -q -B -ntp -DskipTests -Dspotless.check.skip=true package -pl step-runner -am

FROM eclipse-temurin:17-jre
LABEL org.opencontainers.image.title="qstep step-runner" \
      org.opencontainers.image.description="A quantum co-processor step for classical ML pipelines (gRPC)."
# 65532: the conventional "nonroot" UID; the Kubernetes manifests run as this UID too.
RUN groupadd --system --gid 65532 qstep \
 && useradd --system --uid 65532 --gid 65532 --home-dir /tmp --no-create-home --shell /usr/sbin/nologin qstep
WORKDIR /app
COPY --from=build /src/step-runner/target/qstep-step-runner.jar /app/qstep-step-runner.jar
COPY --from=build /src/step-runner/target/lib /app/lib
USER 65532:65532
EXPOSE 50051
# Heap sized from the container's memory limit, not the node's; the only writable path is /tmp
# (tracking file store and spool included), so the root filesystem can be mounted read-only.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp -Djava.util.logging.config.file=/dev/null" \
    QSTEP_PORT=50051 \
    QSTEP_MLRUNS_DIR=/tmp/qstep/mlruns \
    QSTEP_TRACKING_SPOOL_DIR=/tmp/qstep/spool
ENTRYPOINT ["java", "-jar", "/app/qstep-step-runner.jar"]
CMD ["serve"]
