package org.languagetool.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/** A minimal LanguageTool stand-in for lintnews's tests: flags "teh", offsets in UTF-16 units. */
public class HTTPServer {
  public static void main(String[] args) throws Exception {
    int port = 8081;
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("-p") || args[i].equals("--port")) port = Integer.parseInt(args[i + 1]);
    }
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    server.createContext("/v2/healthcheck", x -> send(x, "OK"));
    server.createContext("/v2/languages", x -> send(x, "[{\"name\":\"English (US)\",\"code\":\"en\",\"longCode\":\"en-US\"}]"));
    server.createContext("/v2/check", x -> {
      String body = new String(x.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String text = "";
      for (String pair : body.split("&")) {
        int eq = pair.indexOf('=');
        if (eq > 0 && pair.substring(0, eq).equals("text")) text = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
      StringBuilder matches = new StringBuilder();
      for (int i = text.indexOf("teh"); i >= 0; i = text.indexOf("teh", i + 1)) {
        if (matches.length() > 0) matches.append(',');
        matches.append("{\"message\":\"Did you mean 'the'?\",\"replacements\":[{\"value\":\"the\"}],\"offset\":" + i
            + ",\"length\":3,\"context\":{\"text\":\"teh\",\"offset\":0,\"length\":3},\"sentence\":\"\","
            + "\"rule\":{\"id\":\"TEH\",\"description\":\"teh\",\"issueType\":\"grammar\",\"category\":{\"id\":\"GRAMMAR\",\"name\":\"Grammar\"}}}");
      }
      send(x, "{\"matches\":[" + matches + "]}");
    });
    server.start();
  }

  static void send(HttpExchange x, String body) throws IOException {
    byte[] data = body.getBytes(StandardCharsets.UTF_8);
    x.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
    x.sendResponseHeaders(200, data.length);
    try (OutputStream out = x.getResponseBody()) {
      out.write(data);
    }
  }
}
