export const ADMIN_STATE = "e2e/.tmp/admin.json";

export const ADMIN = {
  email: "root@example.test",
  name: "Root Admin",
  password: "correct horse battery staple",
};
