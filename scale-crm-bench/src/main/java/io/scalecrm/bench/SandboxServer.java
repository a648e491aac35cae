package io.scalecrm.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.scalecrm.testkit.ScaleSandbox;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The {@link ScaleSandbox} in a process of its own, for the 1M-record run: the CLI's heap is then
 * measured alone, and the sandbox's work does not share the CLI's JVM. Seeds the benchmark's
 * products, writes the private key to a file, prints {@code READY <base url>}, and then answers
 * commands on standard input, one per line: {@code journal} prints the calls received so far per
 * operation as one JSON line, {@code quit} (or the end of the input) stops it.
 *
 * <pre>
 * java -cp ... io.scalecrm.bench.SandboxServer --threads 32 --key-out key.pem
 * </pre>
 */
public final class SandboxServer {
  private SandboxServer() {}

  /**
   * Runs the sandbox until {@code quit}.
   *
   * @param args {@code --threads N --key-out FILE}
   * @throws IOException when the key file cannot be written
   */
  public static void main(String[] args) throws IOException {
    int threads = 32;
    Path keyOut = null;
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--threads":
          threads = Integer.parseInt(args[i + 1]);
          break;
        case "--key-out":
          keyOut = Path.of(args[i + 1]);
          break;
        default:
          throw new IllegalArgumentException("Unknown option " + args[i]);
      }
    }
    if (keyOut == null) {
      throw new IllegalArgumentException("--key-out FILE is required");
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    ObjectMapper json = new ObjectMapper();
    try (ScaleSandbox sandbox = ScaleSandbox.builder().threads(threads).generateKey().build()) {
      sandbox.start();
      sandbox.seedProductConfiguration(Export.PRO);
      sandbox.seedProductConfiguration(Export.BASIC);
      Files.writeString(keyOut, sandbox.generatedPrivateKeyPem(), StandardCharsets.US_ASCII);
      out.println("READY " + sandbox.baseUrl());
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String command = line.strip();
        if (command.equals("journal")) {
          out.println(json.writeValueAsString(sandbox.journal().counts()));
        } else if (command.equals("quit")) {
          break;
        } else if (!command.isEmpty()) {
          out.println("ERROR unknown command " + command);
        }
      }
    }
  }
}
