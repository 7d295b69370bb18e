// One file per E2E_PORT, so two runs on one machine (each on its own port) never sign in with each other's session.
export const ADMIN_STATE = `e2e/.tmp/admin-${process.env.E2E_PORT ?? "3210"}.json`;

export const ADMIN = {
  email: "root@example.test",
  name: "Root Admin",
  password: "correct horse battery staple",
};
