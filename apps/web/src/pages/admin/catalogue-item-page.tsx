import { Result } from 'antd';

/** Placeholder until this page is built. */
export function CatalogueItemEditPage() {
  return <Result status="info" title="CatalogueItemEditPage" />;
}
