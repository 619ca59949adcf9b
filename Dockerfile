# qstep step-runner image: multi-stage, non-root.
#   docker build -t qstep/step-runner:0.1.0 .
#   docker run -p 50051:50051 qstep/step-runner:0.1.0
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY proto/pom.xml proto/pom.xml
COPY sdk/pom.xml sdk/pom.xml
COPY step-runner/pom.xml step-runner/pom.xml
COPY bench/pom.xml bench/pom.xml
RUN mvn -q -B -ntp dependency:go-offline -pl step-runner -am || true
COPY proto proto
COPY sdk sdk
COPY step-runner step-runner
RUN mvn -q -B -ntp -DskipTests -Dspotless.check.skip=true install -pl step-runner -am

FROM eclipse-temurin:17-jre
RUN useradd --system --uid 10001 --home-dir /app qstep
WORKDIR /app
COPY --from=build /src/step-runner/target/qstep-step-runner.jar /app/qstep-step-runner.jar
COPY --from=build /src/step-runner/target/lib /app/lib
USER 10001
EXPOSE 50051
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+UseParallelGC" \
    QSTEP_PORT=50051
ENTRYPOINT ["java", "-jar", "/app/qstep-step-runner.jar"]
CMD ["serve"]
