/**
 * 远程踏勘 on the web: what other areas may use. The case page mounts `InspectionPanel`; the pages
 * live in `pages/inspection/`.
 */
export { InspectionPanel } from './components/inspection-panel';
