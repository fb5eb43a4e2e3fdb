# The model server image. Build from the project root:
# docker build -f docker/model-server.Dockerfile -t relstream/model-server:0.1.0 .
# Its options come from RELSTREAM_* environment variables (README, Model server); the compose file
# and deploy/ set them.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -DskipTests -pl model-server -am package

FROM eclipse-temurin:17-jre
# The jar's manifest names its libraries under lib/, beside it.
COPY --from=build /src/model-server/target/lib/ /app/lib/
COPY --from=build /src/model-server/target/relstream-model-server-0.1.0-SNAPSHOT.jar /app/relstream-model-server-0.1.0-SNAPSHOT.jar
# PyTorch's native libraries are extracted here on the first model load.
ENV ENGINE_CACHE_DIR=/var/cache/djl
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/relstream-model-server-0.1.0-SNAPSHOT.jar"]
