/**
 * Which phone browser the applicant uses, read from the user agent, so that a refused permission
 * comes with the steps for that browser: the settings live in different places in iOS Safari,
 * Android Chrome and WeChat's built-in browser (微信内置浏览器).
 */
export type PhoneBrowser = 'ios-safari' | 'ios-wechat' | 'ios-other' | 'android-chrome' | 'android-wechat' | 'android-other' | 'other';

export function detectPhoneBrowser(userAgent: string, maxTouchPoints = 0): PhoneBrowser {
  const isWeChat = /MicroMessenger/i.test(userAgent);
  // iPadOS 13+ says "Macintosh"; only its touch screen gives it away.
  const isIos = /iPhone|iPad|iPod/i.test(userAgent) || (/Macintosh/i.test(userAgent) && maxTouchPoints > 1);
  const isAndroid = /Android/i.test(userAgent);
  if (isIos) {
    if (isWeChat) return 'ios-wechat';
    // Chrome, Firefox and Edge on iOS are WebKit too, but keep their own permission switches.
    if (/CriOS|FxiOS|EdgiOS|OPiOS|MQQBrowser|UCBrowser|Quark|baiduboxapp/i.test(userAgent)) return 'ios-other';
    return 'ios-safari';
  }
  if (isAndroid) {
    if (isWeChat) return 'android-wechat';
    if (
      /Chrome\//i.test(userAgent) &&
      !/EdgA|OPR|SamsungBrowser|MiuiBrowser|HuaweiBrowser|HeyTapBrowser|VivoBrowser|UCBrowser|MQQBrowser|Quark|baiduboxapp/i.test(userAgent)
    )
      return 'android-chrome';
    return 'android-other';
  }
  return 'other';
}

/** Why a device check failed; each has its own advice. */
export type DeviceProblem =
  /** The user or the browser refused the permission. */
  | 'denied'
  /** No such device (no camera, no microphone). */
  | 'missing'
  /** The device is held by another app (a known failure on iOS: a call, the camera app). */
  | 'busy'
  /** The page is not on https, so the browser hides the camera and location. */
  | 'insecure'
  /** The browser has no camera API at all (an old in-app browser). */
  | 'unsupported'
  /** Location: the phone's location service is off or cannot get a fix. */
  | 'unavailable'
  /** Location: no fix in time. */
  | 'timeout';

/** A getUserMedia failure as one of the problems above. */
export function classifyMediaError(error: unknown): DeviceProblem {
  const name =
    error instanceof Error || (typeof error === 'object' && error !== null && 'name' in error)
      ? String((error as { name: unknown }).name)
      : '';
  switch (name) {
    case 'NotAllowedError':
    case 'PermissionDeniedError':
    case 'SecurityError':
      return 'denied';
    case 'NotFoundError':
    case 'DevicesNotFoundError':
    case 'OverconstrainedError':
      return 'missing';
    case 'NotReadableError':
    case 'TrackStartError':
    case 'AbortError':
      return 'busy';
    default:
      return 'unsupported';
  }
}

/** A geolocation failure (`GeolocationPositionError.code`) as a problem. */
export function classifyLocationError(code: number): DeviceProblem {
  if (code === 1) return 'denied';
  if (code === 3) return 'timeout';
  return 'unavailable';
}
