# The model server image. Build from the project root:
# docker build -f docker/model-server.Dockerfile -t relstream/model-server:0.1.0 .
# NOTE: the model-server module is not written yet; the jar name and the start command below are
# assumptions to check against its build when it exists.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY . .
RUN mvn -B -DskipTests -pl model-server -am package

FROM eclipse-temurin:17-jre
COPY --from=build /src/model-server/target/relstream-model-server-0.1.0-SNAPSHOT.jar /app/model-server.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/app/model-server.jar"]
