import { describe, expect, it } from "vitest";
import { workspaceLinkOf } from "./workspace-link";

describe("workspaceLinkOf", () => {
  it("takes a workspace-shaped first segment and puts `default` in its place, the rest of the path kept", () => {
    expect(workspaceLinkOf("/team-a/projects/p1/traces")).toEqual({ name: "team-a", defaultPath: "/default/projects/p1/traces" });
    expect(workspaceLinkOf("/team-a")).toEqual({ name: "team-a", defaultPath: "/default" });
    expect(workspaceLinkOf("/team-a/")).toEqual({ name: "team-a", defaultPath: "/default/" });
  });

  it.each(["/", "/default/projects", "/api/v1/x", "/assets/x.js", "/Team-A/projects", "/team%2Da/x", "/_access/workspace", "/a.b/x", `/${"a".repeat(101)}`])(
    "%s is no workspace's link",
    (path) => expect(workspaceLinkOf(path)).toBeNull(),
  );
});
