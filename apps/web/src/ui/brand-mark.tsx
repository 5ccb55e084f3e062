/** The 园区通 mark: buildings on a ground line, in the brand blue. */
export function BrandMark({ size = 32 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 64 64" aria-hidden focusable="false">
      <rect width="64" height="64" rx="14" fill="#1b5fcc" />
      <path
        d="M14 46V28l12-8v26M30 46V18l20 10v18M10 46h44"
        fill="none"
        stroke="#fff"
        strokeWidth="4"
        strokeLinejoin="round"
        strokeLinecap="round"
      />
    </svg>
  );
}
