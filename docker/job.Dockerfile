# The job image: Flink 1.20.3 with DJL in lib/ and the relstream job jar in usrlib/.
# Build from the project root: docker build -f docker/job.Dockerfile -t relstream/flink-job:0.1.0 .
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
# The job jar, and DJL with its helpers, which go to Flink's lib/ so that they load parent-first.
RUN mvn -B -DskipTests -pl flink-jobs,flink-cluster -am package \
 && mvn -B -pl flink-cluster dependency:copy-dependencies -DincludeScope=runtime \
      -DincludeGroupIds=ai.djl,ai.djl.pytorch,com.google.code.gson,net.java.dev.jna,commons-codec \
      -DoutputDirectory=/build/djl-lib

FROM flink:1.20.3-scala_2.12-java17
COPY --from=build /build/djl-lib/ /opt/flink/lib/
COPY --from=build /src/flink-jobs/target/relstream-flink-jobs-0.1.0-SNAPSHOT-job.jar /opt/flink/usrlib/relstream-job.jar
# Flink CDC 3.5 logs Debezium's configuration with the database password at INFO from this class.
RUN for file in /opt/flink/conf/log4j-console.properties /opt/flink/conf/log4j.properties; do \
      printf '\nlogger.cdcconfig.name = %s\nlogger.cdcconfig.level = WARN\n' \
        org.apache.flink.cdc.connectors.postgres.source.fetch.PostgresSourceFetchTaskContext >> "$file"; \
    done
# DJL extracts PyTorch's native libraries here on the first training step.
ENV ENGINE_CACHE_DIR=/opt/flink/djl-cache
RUN mkdir -p /opt/flink/djl-cache && chown -R flink:flink /opt/flink/djl-cache /opt/flink/usrlib
