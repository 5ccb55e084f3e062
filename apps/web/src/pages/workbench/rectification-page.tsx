import { Result } from 'antd';

/** Placeholder until this page is built. */
export function RectificationPage() {
  return <Result status="info" title="RectificationPage" />;
}
