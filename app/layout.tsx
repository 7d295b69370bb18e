import type { Metadata } from "next";
import { Toaster } from "@/components/ui/sonner";
import { PRODUCT_NAME } from "@/lib/product";
import "./globals.css";

export const metadata: Metadata = {
  // One product name in the title and the shell's heading (lib/product.ts).
  title: { default: PRODUCT_NAME, template: `%s · ${PRODUCT_NAME}` },
  icons: { icon: { url: "/favicon.svg", type: "image/svg+xml" } },
  description: "Service accounts, API keys and workspaces for automated systems",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>
        {children}
        <Toaster />
      </body>
    </html>
  );
}
