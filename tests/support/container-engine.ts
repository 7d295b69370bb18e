// A Docker engine of the test's own (tests/container/): dockerd with its own socket, data root and
// exec root in a temporary folder, no bridge and no iptables rules (builds and containers use the
// host's network), stopped by its pid at the end. Needs root and Debian's docker.io (.ci/run).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

export type Engine = {
  /** Runs the docker client against this engine; throws with its output when it fails. */
  docker: (args: string[], options?: { input?: string; allowFailure?: boolean }) => { status: number; stdout: string; stderr: string };
  stop: () => Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startEngine(): Promise<Engine> {
  // /var/tmp, not /tmp: image layers are large and /tmp may be a small tmpfs.
  const dir = mkdtempSync("/var/tmp/sa-dockerd-");
  const socket = path.join(dir, "docker.sock");
  const daemon: ChildProcess = spawn(
    "dockerd",
    [
      `--host=unix://${socket}`,
      `--data-root=${path.join(dir, "data")}`,
      `--exec-root=${path.join(dir, "exec")}`,
      `--pidfile=${path.join(dir, "docker.pid")}`,
      "--bridge=none",
      "--iptables=false",
      "--ip6tables=false",
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  daemon.stderr?.on("data", (d: Buffer) => (log = (log + d.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => daemon.once("exit", () => resolve()));

  const docker: Engine["docker"] = (args, options = {}) => {
    const r = spawnSync("docker", args, {
      // The legacy builder: Debian's docker.io has no buildx plugin.
      env: { ...process.env, DOCKER_HOST: `unix://${socket}`, DOCKER_BUILDKIT: "0" },
      input: options.input,
      encoding: "utf8",
      maxBuffer: 256 * 1024 * 1024,
    });
    const result = { status: r.status ?? -1, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
    if (result.status !== 0 && !options.allowFailure) {
      throw new Error(`docker ${args.join(" ")} failed (${result.status}):\n${result.stdout.slice(-4000)}\n${result.stderr.slice(-4000)}`);
    }
    return result;
  };

  const stop = async () => {
    if (daemon.exitCode === null && daemon.pid) process.kill(daemon.pid, "SIGTERM");
    await Promise.race([exited, sleep(30_000)]);
    if (daemon.exitCode === null && daemon.pid) process.kill(daemon.pid, "SIGKILL");
    // dockerd leaves its network namespace mounted under the exec root.
    const mounts = readFileSync("/proc/mounts", "utf8").split("\n").map((l) => l.split(" ")[1] ?? "").filter((m) => m.startsWith(`${dir}/`));
    for (const mount of mounts.reverse()) spawnSync("umount", ["-l", mount]);
    rmSync(dir, { recursive: true, force: true });
  };

  for (let i = 0; ; i++) {
    if (docker(["version", "--format", "{{.Server.Version}}"], { allowFailure: true }).status === 0) break;
    if (daemon.exitCode !== null || i > 300) {
      await stop();
      throw new Error(`dockerd did not start:\n${log}`);
    }
    await sleep(100);
  }
  return { docker, stop };
}
