import { readFileSync } from "node:fs";
import { createServer } from "node:net";

/**
 * A TCP port on 127.0.0.1 that was free a moment ago, chosen below the OS's ephemeral range: a
 * port from that range (what listening on port 0 gives) can be taken by any outgoing connection
 * meanwhile — and a broker restarted on its old ports while hundreds of clients retry their
 * connections to it did lose its port that way ("Address already in use").
 */
export async function freePort(): Promise<number> {
  const [low] = ephemeralRange();
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 10_000 + Math.floor(Math.random() * Math.max(1, low - 10_000));
    if (await canListen(port)) return port;
  }
  return listenOn(0);
}

/** The OS's ephemeral port range (Linux's default when it cannot be read). */
function ephemeralRange(): [number, number] {
  try {
    const [low, high] = readFileSync("/proc/sys/net/ipv4/ip_local_port_range", "utf8").trim().split(/\s+/).map(Number);
    if (low && high && low > 10_000) return [low, high];
  } catch {
    // not Linux: fall through
  }
  return [32_768, 60_999];
}

function canListen(port: number): Promise<boolean> {
  return listenOn(port).then(
    () => true,
    () => false,
  );
}

function listenOn(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === "object") resolve(address.port);
        else reject(new Error("the OS gave no port"));
      });
    });
  });
}
