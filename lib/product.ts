/** The product's name: the shell's heading, the page titles, the sign-in and member pages. */
export const PRODUCT_NAME = "Service Accounts Admin";
