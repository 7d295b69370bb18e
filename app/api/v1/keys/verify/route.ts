import { handleVerifyRequest } from "@/lib/verify/native-endpoint";

export const dynamic = "force-dynamic";

export function POST(request: Request) {
  return handleVerifyRequest(request);
}
