FROM eclipse-temurin:17-jdk AS build

WORKDIR /opt/app

COPY MANIFEST.MF .
COPY src ./src

# plain javac + jar, no build tool
RUN mkdir -p build/classes \
    && javac -d build/classes $(find src/main/java -name '*.java') \
    && cp -r src/main/resources/. build/classes/ \
    && jar cfm shipping.jar MANIFEST.MF -C build/classes .

FROM eclipse-temurin:17-jre

WORKDIR /opt/app

COPY --from=build /opt/app/shipping.jar /opt/app/shipping.jar

CMD ["java", "-jar", "shipping.jar"]
