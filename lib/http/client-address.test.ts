import { createServer, type IncomingMessage } from "node:http";
import { connect, type AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { clientAddressOf, readTrustProxy, setClientAddressHeader } from "./client-address";

const request = (peer: string, forwardedFor?: string) =>
  ({ socket: { remoteAddress: peer }, connection: { remoteAddress: peer }, headers: forwardedFor === undefined ? {} : { "x-forwarded-for": forwardedFor } }) as unknown as IncomingMessage;

describe("clientAddressOf with TRUST_PROXY", () => {
  it("unset: the socket's peer, whatever X-Forwarded-For says", () => {
    const trust = readTrustProxy(undefined);
    expect(clientAddressOf(request("203.0.113.9", "198.51.100.1"), trust)).toBe("203.0.113.9");
    expect(clientAddressOf(request("127.0.0.1", "198.51.100.1"), readTrustProxy(""))).toBe("127.0.0.1");
  });

  it("believes X-Forwarded-For only from a listed proxy", () => {
    const trust = readTrustProxy("10.0.0.5");
    expect(clientAddressOf(request("10.0.0.5", "198.51.100.1"), trust)).toBe("198.51.100.1");
    // A client reaching the port directly cannot choose its address.
    expect(clientAddressOf(request("203.0.113.9", "198.51.100.1"), trust)).toBe("203.0.113.9");
  });

  it("walks from the right past trusted proxies only: an entry the client wrote is never reached", () => {
    const trust = readTrustProxy("10.0.0.0/24, ::1");
    // client → proxy 10.0.0.7 → proxy 10.0.0.5 → us; the client forged "1.2.3.4" in front.
    expect(clientAddressOf(request("10.0.0.5", "1.2.3.4, 198.51.100.1, 10.0.0.7"), trust)).toBe("198.51.100.1");
    expect(clientAddressOf(request("::1", "2001:db8::1"), trust)).toBe("2001:db8::1");
    // Nothing usable in the header: the proxy itself.
    expect(clientAddressOf(request("10.0.0.5", ""), trust)).toBe("10.0.0.5");
  });

  it("takes names for common ranges", () => {
    const trust = readTrustProxy("loopback");
    expect(clientAddressOf(request("127.0.0.1", "198.51.100.1"), trust)).toBe("198.51.100.1");
    expect(clientAddressOf(request("::ffff:127.0.0.1", "198.51.100.1"), trust)).toBe("198.51.100.1");
    expect(clientAddressOf(request("192.0.2.1", "198.51.100.1"), trust)).toBe("192.0.2.1");
  });

  it.each(["1", "true", "yes", "*", "10.0.0.300", "not-an-address", "10.0.0.0/99"])("refuses %j with a message naming the setting", (value) => {
    expect(() => readTrustProxy(value)).toThrow(/TRUST_PROXY/);
  });
});

describe("setClientAddressHeader", () => {
  it("replaces a client-sent value in headers and in rawHeaders, in any case", () => {
    const req = { headers: { "x-sa-client-address": "6.6.6.6" }, rawHeaders: ["Host", "x", "X-SA-Client-Address", "6.6.6.6", "x-sa-client-address", "7.7.7.7"] } as unknown as IncomingMessage;
    setClientAddressHeader(req, "203.0.113.9");
    expect(req.headers["x-sa-client-address"]).toBe("203.0.113.9");
    expect(req.rawHeaders).toStrictEqual(["Host", "x", "x-sa-client-address", "203.0.113.9", "x-sa-dropped-header", ""]);
  });

  it("leaves a real request readable when a client sent the header twice (headersDistinct, as the action guard reads it)", async () => {
    const seen = await new Promise<string>((resolve, reject) => {
      const server = createServer((req, res) => {
        setClientAddressHeader(req, "203.0.113.9");
        try {
          resolve(JSON.stringify([req.headersDistinct.origin, req.headersDistinct["x-sa-client-address"], req.headers["x-sa-client-address"]]));
        } catch (error) {
          reject(error);
        }
        res.end();
        server.close();
      }).listen(0, "127.0.0.1", () => {
        const socket = connect((server.address() as AddressInfo).port, "127.0.0.1", () =>
          socket.end("POST / HTTP/1.1\r\nHost: x\r\nOrigin: http://x\r\nX-SA-Client-Address: \r\nX-SA-Client-Address: 6.6.6.6\r\nContent-Length: 0\r\n\r\n"),
        );
        socket.on("error", () => {});
      });
    });
    expect(JSON.parse(seen)).toEqual([["http://x"], ["203.0.113.9"], "203.0.113.9"]);
  });
});
