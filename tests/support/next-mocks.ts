/** What the mocked Next.js request APIs return; tests set it per case (signAs / signOut). */
export const requestContext: { administratorId: string | null; headers: Headers } = {
  administratorId: null,
  headers: new Headers({ "x-forwarded-for": "198.51.100.1", "x-sa-client-address": "203.0.113.7" }),
};
