import { Result } from 'antd';

/** Placeholder until this page is built. */
export function MyCasePage() {
  return <Result status="info" title="MyCasePage" />;
}
