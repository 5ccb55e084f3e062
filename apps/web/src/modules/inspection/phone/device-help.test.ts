import { describe, expect, it } from 'vitest';
import { classifyLocationError, classifyMediaError, detectPhoneBrowser } from './device-help';

const agents = {
  iosSafari:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1',
  iosWeChat:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/4G Language/zh_CN',
  iosChrome:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1',
  iPadOs: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15',
  androidChrome: 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36',
  androidWeChat:
    'Mozilla/5.0 (Linux; Android 13; V2227A Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/111.0.5563.116 Mobile Safari/537.36 XWEB/1110005 MMWEBSDK/20230805 MMWEBID/1234 MicroMessenger/8.0.42.2460(0x28002A35) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64',
  androidHuawei:
    'Mozilla/5.0 (Linux; Android 12; NOH-AN00) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/99.0.4844.88 HuaweiBrowser/14.0.1.300 Mobile Safari/537.36',
  desktop: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36',
};

describe('which phone browser gets which instructions', () => {
  it('tells iOS Safari, WeChat on iOS and other iOS browsers apart', () => {
    expect(detectPhoneBrowser(agents.iosSafari)).toBe('ios-safari');
    expect(detectPhoneBrowser(agents.iosWeChat)).toBe('ios-wechat');
    expect(detectPhoneBrowser(agents.iosChrome)).toBe('ios-other');
  });

  it('takes an iPad that says Macintosh for iOS only when it has a touch screen', () => {
    expect(detectPhoneBrowser(agents.iPadOs, 5)).toBe('ios-safari');
    expect(detectPhoneBrowser(agents.iPadOs, 0)).toBe('other');
  });

  it('tells Android Chrome, WeChat on Android and vendor browsers apart', () => {
    expect(detectPhoneBrowser(agents.androidChrome)).toBe('android-chrome');
    expect(detectPhoneBrowser(agents.androidWeChat)).toBe('android-wechat');
    expect(detectPhoneBrowser(agents.androidHuawei)).toBe('android-other');
    expect(detectPhoneBrowser(agents.desktop)).toBe('other');
  });
});

describe('device failures', () => {
  it('reads getUserMedia errors by name', () => {
    expect(classifyMediaError(new DOMException('no', 'NotAllowedError'))).toBe('denied');
    expect(classifyMediaError(new DOMException('none', 'NotFoundError'))).toBe('missing');
    expect(classifyMediaError(new DOMException('in use', 'NotReadableError'))).toBe('busy');
    expect(classifyMediaError(new TypeError('undefined is not a function'))).toBe('unsupported');
  });

  it('reads geolocation error codes', () => {
    expect(classifyLocationError(1)).toBe('denied');
    expect(classifyLocationError(2)).toBe('unavailable');
    expect(classifyLocationError(3)).toBe('timeout');
  });
});
