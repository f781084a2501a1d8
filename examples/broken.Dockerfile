FROM alpine:3.20
RUNN apk add --no-cache curl
ENV PATH
CMD ["sh", 1]
RUN echo "the lines after a bad one are still read"
