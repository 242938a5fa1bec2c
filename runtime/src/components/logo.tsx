/** The Tangram mark: four tangram pieces forming a square. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg
      width={size}
      height={size}
      viewBox="0 0 32 32"
      aria-hidden="true"
      style={{ flex: 'none', display: 'block' }}
    >
      <path d="M2 2h28L16 16z" fill="#4263eb" />
      <path d="M2 2v28l14-14z" fill="#12b886" />
      <path d="M30 2v14l-7 7-7-7z" fill="#fab005" />
      <path d="M2 30h28L16 16z" fill="#f76707" />
      <path d="M30 16v14l-7-7z" fill="#7048e8" />
    </svg>
  );
}
