/**
 * A full-resolution still from the camera for a snapshot the inspectors asked for:
 * `ImageCapture.takePhoto()` where the browser has it (Chrome on Android: the sensor's full
 * resolution, not the video's), otherwise the current video frame at the track's own resolution.
 * Always a JPEG, which is what the server stores.
 */
interface ImageCaptureLike {
  takePhoto(): Promise<Blob>;
}
type ImageCaptureConstructor = new (track: MediaStreamTrack) => ImageCaptureLike;

const JPEG_QUALITY = 0.92;

export interface Still {
  image: Blob;
  width: number;
  height: number;
  method: 'take-photo' | 'video-frame';
}

function canvasToJpeg(canvas: HTMLCanvasElement): Promise<Blob> {
  return new Promise((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The frame could not be encoded'))), 'image/jpeg', JPEG_QUALITY);
  });
}

async function drawToJpeg(source: CanvasImageSource, width: number, height: number): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('No 2D canvas');
  context.drawImage(source, 0, 0, width, height);
  return canvasToJpeg(canvas);
}

async function takePhoto(track: MediaStreamTrack): Promise<Still | null> {
  const ImageCapture = (window as unknown as { ImageCapture?: ImageCaptureConstructor }).ImageCapture;
  if (!ImageCapture) return null;
  try {
    const photo = await new ImageCapture(track).takePhoto();
    const bitmap = await createImageBitmap(photo);
    const { width, height } = bitmap;
    const image = photo.type === 'image/jpeg' ? photo : await drawToJpeg(bitmap, width, height);
    bitmap.close();
    return { image, width, height, method: 'take-photo' };
  } catch {
    // Some cameras refuse takePhoto while streaming; the video frame still works.
    return null;
  }
}

async function grabVideoFrame(track: MediaStreamTrack): Promise<Still> {
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = new MediaStream([track]);
  try {
    await video.play();
    if (video.videoWidth === 0) await new Promise((resolve) => video.addEventListener('loadeddata', resolve, { once: true }));
    const settings = track.getSettings();
    const width = video.videoWidth || settings.width || 1280;
    const height = video.videoHeight || settings.height || 720;
    return { image: await drawToJpeg(video, width, height), width, height, method: 'video-frame' };
  } finally {
    video.pause();
    video.srcObject = null;
  }
}

export async function captureStill(track: MediaStreamTrack): Promise<Still> {
  return (await takePhoto(track)) ?? grabVideoFrame(track);
}
